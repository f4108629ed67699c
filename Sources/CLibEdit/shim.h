// Thin wrappers: el_set, el_get and history are C variadic functions, which Swift cannot call.
#ifndef LOYALTY_CLIBEDIT_SHIM_H
#define LOYALTY_CLIBEDIT_SHIM_H
#include <stdio.h>
#include <histedit.h>

typedef char *(*cle_prompt_fn)(EditLine *);
typedef unsigned char (*cle_command_fn)(EditLine *, int);

static inline FILE *cle_stdin(void)  { return stdin; }
static inline FILE *cle_stdout(void) { return stdout; }
static inline FILE *cle_stderr(void) { return stderr; }

static inline int cle_set_prompt(EditLine *el, cle_prompt_fn fn) { return el_set(el, EL_PROMPT, fn); }
static inline int cle_set_editor(EditLine *el, const char *mode) { return el_set(el, EL_EDITOR, mode); }
static inline int cle_set_signal(EditLine *el, int on) { return el_set(el, EL_SIGNAL, on); }
static inline int cle_set_history(EditLine *el, History *h) { return el_set(el, EL_HIST, history, h); }
static inline int cle_set_clientdata(EditLine *el, void *d) { return el_set(el, EL_CLIENTDATA, d); }
static inline void *cle_get_clientdata(EditLine *el) { void *p = NULL; el_get(el, EL_CLIENTDATA, &p); return p; }
static inline int cle_add_function(EditLine *el, const char *n, const char *h, cle_command_fn f) { return el_set(el, EL_ADDFN, n, h, f); }
static inline int cle_bind(EditLine *el, const char *key, const char *cmd) { return el_set(el, EL_BIND, key, cmd, NULL); }
/* While editing, deliver Ctrl-C to libedit as a key instead of a signal. */
static inline int cle_setty_no_isig(EditLine *el) { return el_set(el, EL_SETTY, "-d", "-isig", NULL); }
static inline unsigned char cle_cc_newline(void) { return CC_NEWLINE; }

static inline int cle_history_setsize(History *h, int n) { HistEvent ev; return history(h, &ev, H_SETSIZE, n); }
static inline int cle_history_setunique(History *h, int on) { HistEvent ev; return history(h, &ev, H_SETUNIQUE, on); }
static inline int cle_history_enter(History *h, const char *l) { HistEvent ev; return history(h, &ev, H_ENTER, l); }
static inline int cle_history_load(History *h, const char *p)  { HistEvent ev; return history(h, &ev, H_LOAD, p); }
static inline int cle_history_save(History *h, const char *p)  { HistEvent ev; return history(h, &ev, H_SAVE, p); }

static inline unsigned char cle_cc_refresh(void) { return CC_REFRESH; }
static inline unsigned char cle_cc_redisplay(void) { return CC_REDISPLAY; }
static inline unsigned char cle_cc_error(void) { return CC_ERROR; }
#endif
