// SPDX-License-Identifier: GPL-2.0
/*
 * ntserial_dpc.c - the DPC dispatcher: a port's DPC objects (the
 * DpcForIsr and one CustomDpc per role), which role each serves under
 * the dpc_model, and the DeferredRoutine they all run.
 *
 * The ISR and the timers request roles (ntser_request_role()): a role bit
 * in the port's pending mask, then the DPC object that serves the role is
 * queued.  Every DPC object runs ntser_dpc_routine(), which claims the
 * role bits its DPC serves and calls each feature's DPC role.  The DPCs
 * of every port on an interrupt line share the line's DPC queue, whose
 * single drainer runs them one at a time, so the roles never race each
 * other.
 */

#define pr_fmt(fmt) "ntserial: " fmt

#include "ntserial.h"

const char * const ntser_model_names[NTSER_NR_MODELS] = {
	[NTSER_MODEL_ISR] = "isr",
	[NTSER_MODEL_CUSTOM] = "custom",
	[NTSER_MODEL_BOTH] = "both",
};

const char * const ntser_role_names[NTSER_NR_ROLES] = {
	[NTSER_ROLE_ERR] = "line_error",
	[NTSER_ROLE_RX] = "receive",
	[NTSER_ROLE_MSR] = "modem_status",
	[NTSER_ROLE_TX] = "transmit",
	[NTSER_ROLE_PURGE] = "purge",
	[NTSER_ROLE_TIMEOUT] = "timeout",
	[NTSER_ROLE_STORM] = "interrupt_storm",
};

/*
 * The DeferredRoutine of every DPC object: claim the role bits this DPC
 * serves and run them in a fixed order.  The role bits carry the request,
 * so a request that finds the DPC already queued is not lost.
 */
static void ntser_dpc_routine(struct nt_dpc *dpc, void *deferred_context)
{
	struct ntser_dpc *d = container_of(dpc, struct ntser_dpc, dpc);
	struct ntser_port *up = deferred_context;
	unsigned long todo;

	todo = atomic_long_fetch_andnot(d->roles, &up->pending) & d->roles;
	while (todo) {
		unsigned int role = __ffs(todo);

		todo &= todo - 1;
		atomic_long_inc(&up->stats.role_ran[role]);
		switch (role) {
		case NTSER_ROLE_ERR:
			ntser_err_role(up);
			break;
		case NTSER_ROLE_RX:
			ntser_rx_role(up);
			break;
		case NTSER_ROLE_MSR:
			ntser_msr_role(up);
			break;
		case NTSER_ROLE_TX:
			ntser_tx_role(up);
			break;
		case NTSER_ROLE_PURGE:
			ntser_purge_role(up);
			break;
		case NTSER_ROLE_TIMEOUT:
			ntser_timeout_role(up);
			break;
		case NTSER_ROLE_STORM:
			ntser_storm_role(up);
			break;
		}
	}
}

/**
 * ntser_dpcs_init() - IoInitializeDpcRequest and KeInitializeDpc for a
 * port, and the timers that queue its DPCs.
 * @up: the port; its interrupt object is initialised.
 *
 * Context: process, port not open.
 */
void ntser_dpcs_init(struct ntser_port *up)
{
	unsigned int r;

	nt_io_initialize_dpc_request(&up->dpc_for_isr.dpc, up->intr,
				     ntser_dpc_routine, up);
	for (r = 0; r < NTSER_NR_ROLES; r++)
		nt_dpc_init(&up->custom[r].dpc, &up->intr->dpcs,
			    ntser_dpc_routine, up, ntser_role_names[r]);
	/*
	 * Alone on its line to begin with; ntser_dpcs_set_shared() lowers
	 * the importance while other ports share the line.
	 */
	ntser_dpcs_set_shared(up, false);
	ntser_tx_timer_init(up);
	ntser_storm_init(up);
	ntser_rx_timers_init(up);
}

/**
 * ntser_dpcs_set_shared() - set the importance of the DPCs that carry a
 *	port's received data, by whether its line has other open ports.
 * @up: the port.
 * @shared: other ports are open on @up's line.
 *
 * Received data is what the hardware loses first, and the ISR may have
 * left it in the FIFO: a port alone on its line runs the DPCs that carry
 * it (the DpcForIsr and the receive CustomDpc) at high importance, ahead
 * of its other DPCs and on the HI_SOFTIRQ tasklet or system_bh_highpri_wq.
 * On a shared line high importance would order the ports' DPCs last in
 * first out: a port's DPC inserted at the head goes in front of another
 * port's DPC already waiting, which keeps its place when its own port
 * interrupts again, so a busy port starves the others.  There every
 * port's DPCs have medium importance and run first in first out, as all
 * of serial.sys's DPCs do.  A DPC already queued keeps its place
 * (KeSetImportanceDpc).
 *
 * Context: any; does not sleep.  Called with the line's interrupt spin
 * lock held (ntser_sync_line_add(), ntser_sync_line_del()), or before the
 * port first opens.
 */
void ntser_dpcs_set_shared(struct ntser_port *up, bool shared)
{
	enum nt_dpc_importance imp = shared ? NT_DPC_MEDIUM : NT_DPC_HIGH;

	nt_dpc_set_importance(&up->dpc_for_isr.dpc, imp);
	nt_dpc_set_importance(&up->custom[NTSER_ROLE_RX].dpc, imp);
}

/**
 * ntser_dpcs_set_model() - map roles to DPC objects for a dpc_model.
 * @up: the port.
 * @model: the model.
 *
 * Context: process, port not open (no DPC queued or running).
 */
void ntser_dpcs_set_model(struct ntser_port *up, enum ntser_dpc_model model)
{
	unsigned long isr_roles = ntser_dpc_for_isr_roles(model);
	unsigned int r;
	bool isr;

	up->model = model;
	up->dpc_for_isr.roles = isr_roles;
	for (r = 0; r < NTSER_NR_ROLES; r++) {
		isr = isr_roles & BIT(r);
		up->custom[r].roles = isr ? 0 : BIT(r);
		up->role_dpc[r] = isr ? &up->dpc_for_isr : &up->custom[r];
	}
}

/* Take the port's DPCs off the queue. Return: true if one was queued. */
static bool ntser_dpcs_remove(struct ntser_port *up)
{
	bool removed = nt_dpc_remove(&up->dpc_for_isr.dpc);
	unsigned int r;

	for (r = 0; r < NTSER_NR_ROLES; r++)
		removed |= nt_dpc_remove(&up->custom[r].dpc);
	return removed;
}

/**
 * ntser_dpcs_stop() - flush a closed port's DPCs off its line's queue for
 * good.
 * @up: the port, closed (not on its line's list, so the ISR does not
 *	visit it).
 *
 * The port's DPCs share their queue with the other ports of the line, so
 * the queue cannot be destroyed (nt_dpc_queue_destroy()) while they run.
 * Instead the port stops queueing DPCs (@up->dpcs_dead, checked by
 * ntser_request_roles()), and the queue is flushed twice around taking
 * the port's DPCs off it: the first flush waits for the routine that may
 * be queueing one as the flag is set, the removal takes what it queued,
 * the second flush waits for one that the drainer took just before.
 * Nothing of the other ports is dropped or delayed beyond the flushes.
 * On return no DPC of @up is queued or running, and none will be.
 *
 * Context: process; sleeps.  Never from a DPC routine.
 */
void ntser_dpcs_stop(struct ntser_port *up)
{
	struct nt_dpc_queue *q = &up->intr->dpcs;

	WRITE_ONCE(up->dpcs_dead, true);
	nt_dpc_flush(q);
	ntser_dpcs_remove(up);
	nt_dpc_flush(q);
}
