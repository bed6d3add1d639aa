// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite ntserial_dpc: the DPC dispatcher, src/ntserial_dpc.c.  Which
 * DPC object (the DpcForIsr or a role's CustomDpc) serves each role under
 * each dpc_model.  That every role runs on the object named here is
 * checked after each case of the feature suites (ntt_check_dpcs()).
 */

#include "ntserial_fixture.h"

/* Which DPC object serves each role, as enum ntser_dpc_model documents. */
struct ntt_roles_case {
	enum ntser_dpc_model model;
	unsigned long dpc_for_isr;	/* roles of the DpcForIsr */
};

static const struct ntt_roles_case ntt_roles_cases[] = {
	{ NTSER_MODEL_ISR, GENMASK(NTSER_NR_ROLES - 1, 0) },
	{ NTSER_MODEL_CUSTOM, 0 },
	{ NTSER_MODEL_BOTH, BIT(NTSER_ROLE_RX) | BIT(NTSER_ROLE_TX) },
};

static void ntt_roles_desc(const struct ntt_roles_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "dpc_model=%s",
		 ntser_model_names[c->model]);
}

KUNIT_ARRAY_PARAM(ntt_roles, ntt_roles_cases, ntt_roles_desc);

/*
 * ntser_dpc_for_isr_roles() names the DpcForIsr's roles (ntt_check_dpcs()
 * relies on it), and a port initialised under each dpc_model queues each
 * role on that DPC object: the DpcForIsr or the role's own CustomDpc.
 */
static void ntserial_dpc_roles_follow_dpc_model(struct kunit *test)
{
	const struct ntt_roles_case *c = test->param_value;
	struct ntt *t = ntt_create(test, M16550_16550A, c->model);
	unsigned int r;

	KUNIT_EXPECT_EQ(test, ntser_dpc_for_isr_roles(c->model),
			c->dpc_for_isr);
	KUNIT_EXPECT_EQ(test, t->up.model, c->model);
	KUNIT_EXPECT_EQ(test, t->up.dpc_for_isr.roles, c->dpc_for_isr);
	for (r = 0; r < NTSER_NR_ROLES; r++) {
		bool isr = c->dpc_for_isr & BIT(r);

		KUNIT_EXPECT_PTR_EQ_MSG(test, t->up.role_dpc[r],
					isr ? &t->up.dpc_for_isr :
					      &t->up.custom[r],
					"role %s", ntser_role_names[r]);
		KUNIT_EXPECT_EQ_MSG(test, t->up.custom[r].roles,
				    isr ? 0UL : BIT(r),
				    "role %s", ntser_role_names[r]);
	}
}

static struct kunit_case ntserial_dpc_cases[] = {
	KUNIT_CASE_PARAM(ntserial_dpc_roles_follow_dpc_model,
			 ntt_roles_gen_params),
	{}
};

static struct kunit_suite ntserial_dpc_suite = {
	.name = "ntserial_dpc",
	.init = ntt_init,
	.exit = ntt_exit,
	.test_cases = ntserial_dpc_cases,
};

kunit_test_suite(ntserial_dpc_suite);
