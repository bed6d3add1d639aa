/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ntserial_trace.h - tracepoints of ntserial and its NT DPC layer.
 *
 * Trace system "ntserial": ISR entry and exit with the IIR value, DPC
 * insertion, coalescing (KeInsertQueueDpc returning FALSE), and the start
 * and end of each DPC routine.  See Documentation/ntserial.rst.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM ntserial

#if !defined(_NTSERIAL_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _NTSERIAL_TRACE_H

#include <linux/string.h>
#include <linux/tracepoint.h>

#define NT_TRACE_NAME_LEN	16

TRACE_EVENT(ntserial_isr_entry,
	    TP_PROTO(unsigned int line, u8 iir),
	    TP_ARGS(line, iir),
	    TP_STRUCT__entry(__field(unsigned int, line)
			     __field(u8, iir)),
	    TP_fast_assign(__entry->line = line;
			   __entry->iir = iir;),
	    TP_printk("ttyNT%u iir=0x%02x", __entry->line, __entry->iir)
);

TRACE_EVENT(ntserial_isr_exit,
	    TP_PROTO(unsigned int line, u8 iir, unsigned long roles),
	    TP_ARGS(line, iir, roles),
	    TP_STRUCT__entry(__field(unsigned int, line)
			     __field(u8, iir)
			     __field(unsigned long, roles)),
	    TP_fast_assign(__entry->line = line;
			   __entry->iir = iir;
			   __entry->roles = roles;),
	    TP_printk("ttyNT%u iir=0x%02x roles=0x%lx", __entry->line,
		      __entry->iir, __entry->roles)
);

DECLARE_EVENT_CLASS(ntdpc_class,
		    TP_PROTO(const void *dpc, const char *name,
			     int importance),
		    TP_ARGS(dpc, name, importance),
		    TP_STRUCT__entry(__field(const void *, dpc)
				     __array(char, name, NT_TRACE_NAME_LEN)
				     __field(int, importance)),
		    TP_fast_assign(__entry->dpc = dpc;
				   strscpy(__entry->name, name ? name : "",
					   NT_TRACE_NAME_LEN);
				   __entry->importance = importance;),
		    TP_printk("dpc=%p %s importance=%d", __entry->dpc,
			      __entry->name, __entry->importance)
);

DEFINE_EVENT(ntdpc_class, ntdpc_insert,
	     TP_PROTO(const void *dpc, const char *name, int importance),
	     TP_ARGS(dpc, name, importance));

DEFINE_EVENT(ntdpc_class, ntdpc_coalesce,
	     TP_PROTO(const void *dpc, const char *name, int importance),
	     TP_ARGS(dpc, name, importance));

DEFINE_EVENT(ntdpc_class, ntdpc_run_start,
	     TP_PROTO(const void *dpc, const char *name, int importance),
	     TP_ARGS(dpc, name, importance));

DEFINE_EVENT(ntdpc_class, ntdpc_run_end,
	     TP_PROTO(const void *dpc, const char *name, int importance),
	     TP_ARGS(dpc, name, importance));

#endif /* _NTSERIAL_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE ntserial_trace
#include <trace/define_trace.h>
