// SPDX-License-Identifier: GPL-2.0
/*
 * ntserial_isr.c - the dispatchers: the interrupt service routine
 * ("DIRQL") and the DPC routine ("DISPATCH_LEVEL"), and the interrupt
 * storm guard that bounds the ISR.
 *
 * The ISR runs in hard IRQ context with the interrupt spin lock held.  It
 * reads the interrupt identification and hands each source to the feature
 * that owns it: receive (ntserial_rx.c), transmit (ntserial_tx.c), modem
 * status (ntserial_modem.c).  Each captures only what the UART would lose
 * if it were not read now and silences its source; the ISR then queues
 * the DPCs of the roles they asked for.  It never calls the tty layer or
 * serial_core, wakes nobody and allocates nothing; its work per call is
 * bounded.
 *
 * Register accesses per interrupt type, after the IIR read that names it:
 *
 *   RLS  (IIR 0x06)  deferred: IER.  Otherwise LSR, then RBR + LSR per
 *                    byte while LSR.DR
 *   RDA  (IIR 0x04)  deferred: IER.  Otherwise LSR; if LSR shows no error
 *                    anywhere in the FIFO, RBR x (trigger level) with no
 *                    status reads; otherwise as RLS
 *   CTI  (IIR 0x0c)  deferred: IER.  Otherwise as RLS
 *   THRE (IIR 0x02)  none: reading IIR cleared it, the TX DPC refills
 *   MSR  (IIR 0x00)  MSR
 *
 * plus one final IIR read that returns "no interrupt pending", which an
 * edge-triggered (ISA) line needs before the ISR may return.  An ISR that
 * reaches its pass limit with an interrupt still pending masks every UART
 * interrupt instead (one IER write and one IIR read more), so that it
 * never returns with a source both pending and enabled: on an edge line
 * that source would never interrupt again.
 *
 * Every DPC object of a port runs ntser_dpc_routine(), which claims the
 * role bits its DPC serves (see ntser_request_role()) and calls each
 * feature's DPC role.  DPCs of one port share one DPC queue, whose single
 * drainer runs them one at a time, so the roles never race each other.
 */

#define pr_fmt(fmt) "ntserial: " fmt

#include <linux/serial_reg.h>
#include <linux/timer.h>

#include "ntserial.h"

#define CREATE_TRACE_POINTS
#include "ntserial_trace.h"

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

/* ---- the ISR ------------------------------------------------------------ */

/*
 * The ISR leaves at its pass limit with interrupt @iir still pending:
 * mask every UART interrupt, so that none stays both pending and enabled
 * (on an edge-triggered line it would never raise a new edge), and let
 * the interrupt storm role unmask them.  Reading @iir cleared a THRE
 * interrupt it reported, which the transmit role must still see.
 * Return: the roles to request; *@handled false when even a masked UART
 * still reports an interrupt, so that the kernel's spurious interrupt
 * detection may disable a line the driver cannot quiet.
 */
static unsigned long ntser_isr_give_up(struct ntser_port *up, u8 iir,
				       bool *handled)
{
	struct ntser_isr_state *s = &up->isr;
	unsigned long roles = BIT(NTSER_ROLE_STORM);

	nt_assert_synchronized(&up->intr);
	if ((iir & UART_IIR_ID) == UART_IIR_THRI) {
		atomic_set(&up->thre_seen, 1);
		roles |= BIT(NTSER_ROLE_TX);
	}
	s->isr_held = true;
	s->storm_iir = iir;
	s->storm_streak++;
	ntser_write_ier(up);
	*handled = !!(ntser_in(up, UART_IIR) & UART_IIR_NO_INT);
	return roles;
}

/**
 * ntser_isr() - the ServiceRoutine (KSERVICE_ROUTINE) of a port.
 * @intr: the port's interrupt object.
 * @service_context: the port.
 *
 * Context: hard IRQ, interrupt spin lock held (see nt_interrupt_handler()).
 * Return: true if the UART had an interrupt pending and is quiet now
 * (IRQ_HANDLED); false if it had none, or if it cannot be quieted even
 * with every interrupt masked (IRQ_NONE, so that the kernel's spurious
 * interrupt detection can disable the line).
 */
bool ntser_isr(struct nt_interrupt *intr, void *service_context)
{
	struct ntser_port *up = service_context;
	unsigned int budget = NTSER_ISR_RX_BUDGET;
	unsigned int pass, known;
	unsigned long roles = 0;
	bool handled = true;
	u8 iir;

	nt_assert_synchronized(intr);
	iir = ntser_in(up, UART_IIR);
	trace_ntserial_isr_entry(up->port.line, iir);
	if (iir & UART_IIR_NO_INT) {
		trace_ntserial_isr_exit(up->port.line, iir, 0);
		return false;
	}

	for (pass = 0; pass < NTSER_ISR_PASS_LIMIT; pass++) {
		switch (iir & UART_IIR_ID) {
		case UART_IIR_RDI:
		case UART_IIR_RLSI:
		case UART_IIR_RX_TIMEOUT:
			/* RDA: at least the trigger level is there. */
			known = (iir & UART_IIR_ID) == UART_IIR_RDI ?
				up->isr.rx_trig : 0;
			roles |= ntser_rx_isr(up, known, &budget);
			break;
		case UART_IIR_THRI:
			atomic_set(&up->thre_seen, 1);
			roles |= BIT(NTSER_ROLE_TX);
			break;
		case UART_IIR_MSI:
			roles |= ntser_msr_capture(up, true);
			break;
		default:
			/* Not a 16550 identification: read LSR to clear. */
			ntser_in(up, UART_LSR);
			break;
		}
		iir = ntser_in(up, UART_IIR);
		if (iir & UART_IIR_NO_INT)
			break;
	}
	if (likely(iir & UART_IIR_NO_INT))
		up->isr.storm_streak = 0;
	else
		roles |= ntser_isr_give_up(up, iir, &handled);

	trace_ntserial_isr_exit(up->port.line, iir, roles);
	while (roles) {
		unsigned int role = __ffs(roles);

		roles &= roles - 1;
		ntser_request_role(up, role);
	}
	return handled;
}

/* ---- interrupt storm -------------------------------------------------- */

/**
 * struct ntser_storm - what the interrupt storm SynchCritSection reports.
 * @up: the port.
 * @iir: the IIR value the ISR found still pending.
 * @streak: ISR calls in a row that ended at the pass limit.
 */
struct ntser_storm {
	struct ntser_port *up;
	u8 iir;
	u32 streak;
};

/*
 * The ISR gave up at its pass limit and masked the UART.  A few times in
 * a row is load (the next ISR call carries on, unmask at once); more is a
 * source that does not clear: keep it masked for a while, so that it
 * cannot take the CPU, and let the storm timer unmask it.
 * Return: 1 if the interrupts stay masked.
 */
static int ntser_sync_storm(void *context)
{
	struct ntser_storm *c = context;
	struct ntser_isr_state *s = &c->up->isr;

	nt_assert_synchronized(&c->up->intr);
	if (!s->isr_held)
		return 0;
	c->iir = s->storm_iir;
	c->streak = s->storm_streak;
	if (s->storm_streak >= NTSER_STORM_STREAK)
		return 1;
	s->isr_held = false;
	ntser_write_ier(c->up);
	return 0;
}

static void ntser_storm_role(struct ntser_port *up)
{
	struct ntser_storm c = { .up = up };
	unsigned long flags;

	if (!nt_synchronize_execution(&up->intr, ntser_sync_storm, &c))
		return;
	uart_port_lock_irqsave(&up->port, &flags);
	if (!up->closing && !timer_pending(&up->storm_timer)) {
		mod_timer(&up->storm_timer,
			  jiffies + msecs_to_jiffies(NTSER_STORM_BACKOFF_MS));
		atomic_long_inc(&up->stats.storms);
		dev_warn_ratelimited(up->port.dev,
				     "%s%d: interrupt storm: IIR 0x%02x still pending after %u ISR calls of %d passes; UART interrupts masked for %d ms\n",
				     NTSER_DEV_NAME, up->port.line, c.iir,
				     c.streak, NTSER_ISR_PASS_LIMIT,
				     NTSER_STORM_BACKOFF_MS);
	}
	uart_port_unlock_irqrestore(&up->port, flags);
}

static int ntser_sync_storm_end(void *context)
{
	struct ntser_port *up = context;

	nt_assert_synchronized(&up->intr);
	up->isr.storm_streak = 0;
	if (up->isr.isr_held) {
		up->isr.isr_held = false;
		ntser_write_ier(up);
	}
	return 0;
}

/* The storm backoff is over: let the UART interrupt again. */
static void ntser_storm_timer(struct timer_list *t)
{
	struct ntser_port *up = from_timer(up, t, storm_timer);

	nt_synchronize_execution(&up->intr, ntser_sync_storm_end, up);
}

/* ---- the DPC routine and the models ------------------------------------ */

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

	nt_io_initialize_dpc_request(&up->dpc_for_isr.dpc, &up->intr,
				     ntser_dpc_routine, up);
	for (r = 0; r < NTSER_NR_ROLES; r++)
		nt_dpc_init(&up->custom[r].dpc, &up->intr.dpcs,
			    ntser_dpc_routine, up, ntser_role_names[r]);
	/*
	 * Received data is what the hardware loses first, and the ISR may
	 * have left it in the FIFO: run the DPCs that carry it first (the
	 * HI_SOFTIRQ tasklet, or system_bh_highpri_wq).
	 */
	nt_dpc_set_importance(&up->dpc_for_isr.dpc, NT_DPC_HIGH);
	nt_dpc_set_importance(&up->custom[NTSER_ROLE_RX].dpc, NT_DPC_HIGH);
	ntser_tx_timer_init(up);
	timer_setup(&up->storm_timer, ntser_storm_timer, 0);
	ntser_rx_rescue_init(up);
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
