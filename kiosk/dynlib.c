/*
 * Libraries the kiosk loads only when it uses them: libcurl for sync,
 * espeak-ng for speech.  Linking them would make every start of the
 * resident interface and of cast map some seventy shared libraries
 * (pulseaudio, X11, Kerberos, LDAP ...) that neither uses.  configure
 * finds each library's name (its soname, e.g. libcurl.so.4) and checks
 * the functions' types against the headers at build time
 * (DYNLIB_CHECK); here the names are looked up at run time.
 */

#include "config.h"

#include <dlfcn.h>
#include <string.h>

#include "kiosk.h"

/*
 * Load the shared library soname and fill each slot of syms (an array
 * ended by a NULL name) with the function of that name.  A library that
 * cannot be loaded, or lacks a function, is RV_EENV with dlerror's
 * words, which name the file.  The library stays loaded for the life of
 * the process (the kiosk uses it until it exits).
 */
enum rv_status
dynlib_open(const char *soname, const struct dynlib_sym *syms, char **cause)
{
	void		*h, *fn;
	const char	*e;

	if ((h = dlopen(soname, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		e = dlerror();
		return rv_fail(cause, RV_EENV, "%s", e != NULL ? e : soname);
	}
	for (; syms->name != NULL; syms++) {
		dlerror();
		if ((fn = dlsym(h, syms->name)) == NULL) {
			e = dlerror();
			rv_fail(cause, RV_EENV, "%s: %s", soname, e != NULL ?
			    e : syms->name);
			dlclose(h);
			return RV_EENV;
		}
		/* POSIX: a function's address fits in a void *. */
		memcpy(syms->slot, &fn, sizeof fn);
	}
	return RV_OK;
}
