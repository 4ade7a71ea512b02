/*
 * headertest.c: nango.h on its own, first and alone, compiled as C11 here
 * and as C++11 by headertest.cpp, with -pedantic-errors -Wall -Wextra
 * -Werror. Every _INIT macro must be a complete initialiser in both.
 */
#include <nango/nango.h>

#ifdef __cplusplus
#define NANGO_HEADERTEST_FN nango_headertest_cxx
#else
#define NANGO_HEADERTEST_FN nango_headertest_c
#endif

int NANGO_HEADERTEST_FN(void);

int NANGO_HEADERTEST_FN(void)
{
	nango_options options = NANGO_OPTIONS_INIT;
	nango_list_params list = NANGO_LIST_PARAMS_INIT;
	nango_get_params get = NANGO_GET_PARAMS_INIT;
	nango_end_user_params end_user = NANGO_END_USER_PARAMS_INIT;
	nango_create_params create = NANGO_CREATE_PARAMS_INIT;
	nango_create_legacy_params legacy = NANGO_CREATE_LEGACY_PARAMS_INIT;
	nango_patch_params patch = NANGO_PATCH_PARAMS_INIT;
	return (int)(options.version + list.version + get.version +
		     end_user.version + create.version + legacy.version +
		     patch.version) +
	       NANGO_VERSION_MAJOR + NANGO_VERSION_MINOR + NANGO_VERSION_PATCH +
	       (int)sizeof(NANGO_VERSION_STRING) + NANGO_OK;
}
