/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ntdpc_trace.h - tracepoints of the NT DPC layer.
 *
 * DPC insertion, coalescing (KeInsertQueueDpc returning FALSE), and the
 * start and end of each DPC routine.  The events belong to the trace
 * system of the driver that hosts the layer: NTDPC_TRACE_SYSTEM, set by
 * its Kbuild (ntserial's puts them next to its own events), or "ntdpc".
 */
#undef TRACE_SYSTEM
#ifdef NTDPC_TRACE_SYSTEM
#define TRACE_SYSTEM NTDPC_TRACE_SYSTEM
#else
#define TRACE_SYSTEM ntdpc
#endif

#if !defined(_NTDPC_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _NTDPC_TRACE_H

#include <linux/string.h>
#include <linux/tracepoint.h>

#define NT_TRACE_NAME_LEN	16

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

#endif /* _NTDPC_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH nt
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE ntdpc_trace
#include <trace/define_trace.h>
