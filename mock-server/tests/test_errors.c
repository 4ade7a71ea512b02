/*
 * test_errors.c: the error catalogue (nm_errors) is whole and consistent:
 * every id has a row, every row a status, code and a message that fits
 * its kind, and templates are filled in order.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "nm_errors.h"

static char *message_of(nm_err_id id, const char *const *args)
{
	nj_buf b = NJ_BUF_INIT;
	nm_err_message(&b, nm_err(id), args);
	nj_buf_putc(&b, '\0');
	cr_assert(!b.oom);
	return b.ptr;
}

Test(errors, every_id_has_a_row_with_status_code_and_message_kind)
{
	int id;
	for (id = NM_E_NONE + 1; id < NM_E_COUNT; id++) {
		const nm_err_def *e = nm_err((nm_err_id)id);
		cr_assert(e->status >= 400 && e->status < 600, "id %d", id);
		cr_assert(e->code && *e->code, "id %d has no code", id);
		if (e->msg == NM_MSG_NONE || e->msg == NM_MSG_CALLER)
			cr_assert_null(e->text, "id %d", id);
		else
			cr_assert(e->text && *e->text, "id %d has no text", id);
		if (e->msg == NM_MSG_FIXED || e->msg == NM_MSG_PAYLOAD)
			cr_assert_null(strstr(e->text, "%s"), "id %d", id);
		if (e->msg == NM_MSG_TEMPLATE)
			cr_assert_gt(nm_err_n_args(e), 0, "id %d", id);
	}
}

Test(errors, zod_and_rate_families_carry_no_message)
{
	cr_assert_eq(nm_err(NM_E_INVALID_BODY)->msg, NM_MSG_NONE);
	cr_assert_eq(nm_err(NM_E_INVALID_QUERY_PARAMS)->family, NM_FAMILY_ZOD);
	cr_assert_eq(nm_err(NM_E_TOO_MANY_REQUESTS)->status, 429);
}

Test(errors, a_template_is_filled_with_its_arguments_in_order)
{
	static const char *const args[] = {"c1", "github"};
	char *m = message_of(NM_E_METADATA_CONNECTION_NOT_FOUND, args);
	cr_assert_eq(nm_err_n_args(nm_err(NM_E_METADATA_CONNECTION_NOT_FOUND)),
		     2);
	cr_assert_str_eq(m, "Connection with connection id c1 and provider "
			    "config key github not found. Please make sure "
			    "the connection exists in the Nango dashboard");
	free(m);
}

Test(errors, a_callers_message_is_its_text_and_a_fixed_one_ignores_args)
{
	static const char *const args[] = {"Unexpected token } in JSON"};
	char *m = message_of(NM_E_INVALID_JSON, args);
	cr_assert_str_eq(m, "Unexpected token } in JSON");
	free(m);
	m = message_of(NM_E_CONNECTION_NOT_FOUND, args);
	cr_assert_str_eq(m, "Failed to find connection");
	free(m);
}

Test(errors, an_id_out_of_range_reads_as_the_generic_500)
{
	cr_assert_eq(nm_err(NM_E_NONE), nm_err(NM_E_GENERIC));
	cr_assert_eq(nm_err(NM_E_COUNT), nm_err(NM_E_GENERIC));
	cr_assert_str_eq(nm_err(NM_E_GENERIC)->code, "generic_error_support");
}
