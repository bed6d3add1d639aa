// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite ntserial_regs: register access, src/ntserial_regs.c.  Every
 * access is counted, per CPU, by the context it is made in.
 */

#include <linux/cpumask.h>
#include <linux/smp.h>
#include <linux/workqueue.h>

#include "ntserial_fixture.h"

/* NTT_IO_N scratch register reads and writes on @t's port. */
#define NTT_IO_N	5

static void ntt_scr_io(struct ntt *t)
{
	unsigned int i;

	for (i = 0; i < NTT_IO_N; i++)
		ntser_out(&t->up, UART_SCR, ntser_in(&t->up, UART_SCR) + 1);
}

static void ntt_scr_io_ipi(void *info)
{
	ntt_scr_io(info);
}

static long ntt_scr_io_work(void *info)
{
	ntt_scr_io(info);
	return 0;
}

/*
 * Register accesses are counted per CPU by the context they are made in:
 * in hard IRQ context (ntt_run_hardirq() here, an IPI on another CPU) as ISR
 * accesses, in process context (here, a kworker on another CPU) as DPC
 * accesses; the counts read back are the sums over all CPUs.
 */
static void ntserial_regs_accesses_counted_by_context(struct kunit *test)
{
	struct ntt *t = ntt_open(test, NTSER_MODEL_BOTH);
	long isr0 = ntt_isr_io(t), dpc0 = ntt_dpc_io(t), per = 2 * NTT_IO_N;
	long isr = per, dpc = per;
	unsigned int this, cpu;
	int ret = 0;

	ntt_scr_io(t);
	KUNIT_EXPECT_EQ(test, ntt_isr_io(t) - isr0, 0L);
	KUNIT_EXPECT_EQ(test, ntt_dpc_io(t) - dpc0, per);

	ntt_run_hardirq(t, ntt_scr_io);
	KUNIT_EXPECT_EQ(test, ntt_isr_io(t) - isr0, per);
	KUNIT_EXPECT_EQ(test, ntt_dpc_io(t) - dpc0, per);

	/* Pinned, so that the other CPU cannot become this one. */
	this = get_cpu();
	cpu = cpumask_any_but(cpu_online_mask, this);
	if (cpu < nr_cpu_ids)
		ret = smp_call_function_single(cpu, ntt_scr_io_ipi, t, 1);
	put_cpu();
	if (cpu >= nr_cpu_ids) {
		kunit_info(test, "one CPU online: no accesses on another");
	} else {
		KUNIT_EXPECT_EQ(test, ret, 0);
		isr += per;
		KUNIT_EXPECT_EQ(test, work_on_cpu_safe(cpu, ntt_scr_io_work, t),
				0L);
		dpc += per;
	}
	KUNIT_EXPECT_EQ(test, ntt_isr_io(t) - isr0, isr);
	KUNIT_EXPECT_EQ(test, ntt_dpc_io(t) - dpc0, dpc);
	KUNIT_EXPECT_EQ(test, t->model.reads[UART_SCR],
			(unsigned int)(isr + dpc) / 2);
}

static struct kunit_case ntserial_regs_cases[] = {
	KUNIT_CASE(ntserial_regs_accesses_counted_by_context),
	{}
};

static struct kunit_suite ntserial_regs_suite = {
	.name = "ntserial_regs",
	.init = ntt_init,
	.exit = ntt_exit,
	.test_cases = ntserial_regs_cases,
};

kunit_test_suite(ntserial_regs_suite);
