// SPDX-License-Identifier: GPL-2.0
/*
 * ntinterrupt_test.c - KUnit suites of the KINTERRUPT object
 * (src/nt/ntinterrupt.c).  "ntinterrupt_connect": what
 * IoConnectInterrupt (nt_interrupt_connect()) refuses, a table.
 * "ntinterrupt", on every backend with the fixture of ntdpc_test.h:
 * KeSynchronizeExecution against the ISR, and IoDisconnectInterrupt with
 * DPCs queued and running.
 */

#include <kunit/test.h>
#include <linux/atomic.h>
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "ntdpc_test.h"

/* A connect that fails, and why. */
struct ntinterrupt_connect_case {
	const char *name;
	unsigned int irq;
	bool isr;		/* nt_interrupt_init() with an ISR */
	enum nt_dpc_backend backend;
	int ret;
};

static const struct ntinterrupt_connect_case ntinterrupt_connect_cases[] = {
	{ "irq 0", 0, true, NT_DPC_BACKEND_TASKLET, -EINVAL },
	{ "no ISR", 1, false, NT_DPC_BACKEND_TASKLET, -EINVAL },
	{ "unknown backend", 1, true, NT_DPC_BACKEND_COUNT, -EINVAL },
#if !NT_HAVE_WQ_BH
	{ "wq_bh before 6.9", 1, true, NT_DPC_BACKEND_WQ_BH, -EOPNOTSUPP },
#endif
};

static void ntinterrupt_connect_case_desc(const struct ntinterrupt_connect_case *c,
					  char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(ntinterrupt_connect, ntinterrupt_connect_cases,
		  ntinterrupt_connect_case_desc);

/*
 * Refused before the IRQ is touched: the object stays unconnected, with
 * its queue on the tasklet backend.
 */
static void ntinterrupt_connect_checks(struct kunit *test)
{
	const struct ntinterrupt_connect_case *c = test->param_value;
	/* Heap, not stack: DEBUG_OBJECTS_WORK wants INIT_WORK_ONSTACK there. */
	struct nt_interrupt *intr = kunit_kzalloc(test, sizeof(*intr),
						  GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, intr);
	nt_interrupt_init(intr, c->isr ? ntdpc_isr : NULL, NULL);
	KUNIT_EXPECT_EQ(test, nt_interrupt_connect(intr, c->irq, 0,
						   "ntdpc-test", c->backend),
			c->ret);
	KUNIT_EXPECT_EQ(test, intr->irq, 0U);
	KUNIT_EXPECT_EQ(test, intr->dpcs.backend, NT_DPC_BACKEND_TASKLET);
	nt_dpc_queue_destroy(&intr->dpcs);
}

static int ntdpc_isr_storm_fn(void *data)
{
	struct ntdpc_thread *th = data;
	int i;

	ntdpc_wait_go(th->go);
	for (i = 0; i < th->iters && !READ_ONCE(th->stop); i++) {
		ntdpc_thread_fire_here(th);
		if (!(i % 64))
			cond_resched();
	}
	complete(&th->done);
	return 0;
}

#define NTDPC_SYNCH_RET 0x5eed

static int ntdpc_synch_fn(void *context)
{
	ntdpc_rmw(context);
	return NTDPC_SYNCH_RET;
}

static int ntdpc_synch_storm_fn(void *data)
{
	struct ntdpc_thread *th = data;
	int i;

	ntdpc_wait_go(th->go);
	for (i = 0; i < th->iters && !READ_ONCE(th->stop); i++) {
		if (nt_synchronize_execution(th->t->intr, ntdpc_synch_fn,
					     th->t) != NTDPC_SYNCH_RET)
			th->synch_bad_ret++;
		if (!(i % 64))
			cond_resched();
	}
	complete(&th->done);
	return 0;
}

static void ntdpc_synchronize_execution_excludes_isr(struct kunit *test)
{
	struct ntdpc_thread *isr_th, *synch_th;
	struct ntdpc_test *t;
	atomic_t go = ATOMIC_INIT(0);
	u64 isr_calls0, isrs;
	int cpu, iters = 500, bad_ret;

	ntdpc_need_two_cpus(test);
	t = test->priv;
	WRITE_ONCE(t->isr_mode, NTDPC_ISR_RMW);
	isr_calls0 = READ_ONCE(t->intr->stats.isr_calls);

	KUNIT_EXPECT_EQ(test, nt_synchronize_execution(t->intr, ntdpc_synch_fn, t),
			NTDPC_SYNCH_RET);

	cpu = ntdpc_other_cpu(-1);
	isr_th = ntdpc_thread_start(t, cpu, ntdpc_isr_storm_fn, NULL, &go,
				    iters);
	synch_th = ntdpc_thread_start(t, ntdpc_other_cpu(cpu),
				      ntdpc_synch_storm_fn, NULL, &go, iters);
	if (!isr_th || !synch_th) {
		atomic_set(&go, 2);
		ntdpc_thread_join(t, isr_th);
		ntdpc_thread_join(t, synch_th);
		KUNIT_FAIL(test, "cannot start threads");
		return;
	}
	if (!ntdpc_thread_join(t, isr_th) || !ntdpc_thread_join(t, synch_th))
		return;
	bad_ret = synch_th->synch_bad_ret;
	kfree(isr_th);
	kfree(synch_th);
	WRITE_ONCE(t->isr_mode, NTDPC_ISR_CLAIM);

	isrs = READ_ONCE(t->intr->stats.isr_calls) - isr_calls0;
	KUNIT_EXPECT_EQ(test, isrs, (u64)iters);
	KUNIT_EXPECT_EQ(test, bad_ret, 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->overlap), 0);
	KUNIT_EXPECT_EQ(test, READ_ONCE(t->shared),
			(unsigned long)(isrs + iters + 1) * NTDPC_TEST_RMW);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->isr_not_hardirq), 0);
}

static void ntdpc_disconnect_with_dpcs_queued_and_running_then_free(struct kunit *test)
{
	struct ntdpc_probe *running, *queued, *late;
	struct ntdpc_test *t;

	ntdpc_need_two_cpus(test);
	t = test->priv;
	queued = ntdpc_probe(t, 1);
	late = ntdpc_probe(t, 2);

	/* Released by nobody: runs 100 ms, through the disconnect. */
	running = ntdpc_gate_close(t, 0, 100);
	KUNIT_EXPECT_TRUE(test, nt_dpc_insert(&queued->dpc));

	nt_interrupt_disconnect(t->intr);
	t->connected = false;
	KUNIT_EXPECT_EQ(test, t->intr->irq, 0U);
	KUNIT_EXPECT_EQ(test, atomic_read(&running->runs), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&running->running), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&queued->runs), 1);

	nt_dpc_queue_destroy(&t->intr->dpcs);
	KUNIT_EXPECT_FALSE(test, nt_dpc_insert(&late->dpc));
	KUNIT_EXPECT_EQ(test, atomic_read(&late->runs), 0);

	kfree(t->obj);
	t->obj = NULL;
	/* Anything of the layer still holding the memory now hits KASAN. */
	ntdpc_sleep_ms(50);
}

static struct kunit_case ntinterrupt_connect_test_cases[] = {
	KUNIT_CASE_PARAM(ntinterrupt_connect_checks,
			 ntinterrupt_connect_gen_params),
	{}
};

static struct kunit_suite ntinterrupt_connect_test_suite = {
	.name = "ntinterrupt_connect",
	.test_cases = ntinterrupt_connect_test_cases,
};

static struct kunit_case ntinterrupt_test_cases[] = {
	KUNIT_CASE_PARAM(ntdpc_synchronize_execution_excludes_isr,
			 ntdpc_backend_gen_params),
	KUNIT_CASE_PARAM(ntdpc_disconnect_with_dpcs_queued_and_running_then_free,
			 ntdpc_backend_gen_params),
	{}
};

static struct kunit_suite ntinterrupt_test_suite = {
	.name = "ntinterrupt",
	.init = ntdpc_test_init,
	.exit = ntdpc_test_exit,
	.test_cases = ntinterrupt_test_cases,
};

kunit_test_suites(&ntinterrupt_connect_test_suite, &ntinterrupt_test_suite);
