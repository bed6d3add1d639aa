/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ntserial_trace.h - tracepoints of the ntserial ISR.
 *
 * Trace system "ntserial": ISR entry and exit with the IIR value.  The NT
 * layer's DPC events (include/nt/ntdpc_trace.h) join this system (Kbuild
 * sets NTDPC_TRACE_SYSTEM).  See Documentation/ntserial.rst.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM ntserial

#if !defined(_NTSERIAL_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _NTSERIAL_TRACE_H

#include <linux/tracepoint.h>

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

#endif /* _NTSERIAL_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE ntserial_trace
#include <trace/define_trace.h>
