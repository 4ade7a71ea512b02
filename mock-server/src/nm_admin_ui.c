/*
 * nm_admin_ui.c: the inspector page, GET /__admin/ui (src/ui/inspector.html,
 * embedded at build time). The page asks for a secret key and then uses the
 * control API only, so it needs no key itself.
 */
#include "nm_admin.h"

#include "nm_ui_page.h"

void nm_admin_ui(nm_req *r, nm_admin_req *a)
{
	(void)a;
	nm_send(r, 200, "text/html; charset=utf-8", nm_ui_page,
		sizeof(nm_ui_page), NM_SEND_ETAG);
}
