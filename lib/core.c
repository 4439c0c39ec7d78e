/* core.c - version, error messages, the growable buffer, threads. */
#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "textfeat.h"
#include "internal.h"

#define STR2(x) #x
#define STR(x) STR2(x)

const char *
txf_version(void)
{
	return STR(TXF_VERSION_MAJOR) "." STR(TXF_VERSION_MINOR) "."
	    STR(TXF_VERSION_PATCH);
}

const char *
txf_errmsg(int code)
{
	switch (code) {
	case TXF_OK:      return "success";
	case TXF_ENOMEM:  return "out of memory";
	case TXF_EINVAL:  return "invalid argument";
	case TXF_EUTF8:   return "invalid UTF-8";
	case TXF_ENUL:    return "NUL byte";
	case TXF_EIO:     return "input/output error";
	case TXF_EFORMAT: return "malformed input";
	case TXF_ENOENT:  return "not found";
	case TXF_ERANGE:  return "value out of range";
	default:          return "unknown error";
	}
}

const char *
txf_error_text(const txf_error *e)
{
	return e->msg[0] != '\0' ? e->msg : txf_errmsg(e->code);
}

int
txf_fail(txf_error *e, int code, uint64_t line, const char *fmt, ...)
{
	va_list ap;
	int saved = errno;   /* the cause of a TXF_EIO */

	if (e == NULL)
		return code;
	e->code = code;
	e->line = line;
	e->msg[0] = '\0';
	if (fmt != NULL) {
		va_start(ap, fmt);
		vsnprintf(e->msg, sizeof e->msg, fmt, ap);
		va_end(ap);
	}
	errno = saved;
	return code;
}

int
txf_buf_grow(txf_buf *b, size_t extra)
{
	/* A buffer without storage gets some even for extra = 0, so that
	 * b->p + b->n is never arithmetic on NULL (undefined, even adding
	 * 0: clang's -fsanitize=pointer-overflow reports it). */
	if (b->cap - b->n >= extra && b->p != NULL)
		return 0;
	if (extra > SIZE_MAX / 2 - b->n)
		return TXF_ENOMEM;
	return TXF_GROW(b->p, b->cap, b->n + (extra ? extra : 1), 64);
}

int
txf_resize(void *pa, size_t c, size_t size)
{
	void *p, *q;

	if (c > SIZE_MAX / size)
		return TXF_ENOMEM;
	memcpy(&p, pa, sizeof p);
	if ((q = realloc(p, c * size)) == NULL)
		return TXF_ENOMEM;
	memcpy(pa, &q, sizeof q);
	return 0;
}

int
txf_buf_add(txf_buf *b, const void *p, size_t n)
{
	if (n == 0)
		return 0;
	/* txf_buf_grow() only when there is no room: it is called for
	 * every token of some loops. */
	if ((b->cap - b->n < n || b->p == NULL) && txf_buf_grow(b, n) < 0)
		return TXF_ENOMEM;
	memcpy(b->p + b->n, p, n);
	b->n += n;
	return 0;
}

void
txf_buf_free(txf_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->n = b->cap = 0;
}

void *
txf_zalloc(size_t n, size_t size)
{
	void *p = NULL;

	if (size == 0 || n <= SIZE_MAX / size)
		p = malloc(n > 0 && size > 0 ? n * size : 1);
	/* explicit_bzero(): the compiler folds malloc() and memset() into
	 * calloc(). */
	if (p != NULL)
		explicit_bzero(p, n * size);
	return p;
}

/* A new zeroed object of size bytes with the pointer a at offset off. */
static void *
new_with(size_t size, size_t off, void *a)
{
	char *o = a != NULL ? calloc(1, size) : NULL;

	if (o == NULL)
		return NULL;
	memcpy(o + off, &a, sizeof a);
	return o;
}

void *
txf_new_with_array(size_t size, size_t off, size_t n, size_t elsize)
{
	void *a = calloc(n, elsize), *o = new_with(size, off, a);

	if (o == NULL)
		free(a);
	return o;
}

void *
txf_new_counted(size_t size, size_t off, unsigned nvals)
{
	txf_count *t = txf_count_new(nvals);
	void *o = new_with(size, off, t);

	if (o == NULL)
		txf_count_free(t);
	return o;
}

void
txf_free_n(void *const *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(p[i]);
}

static locale_t c_locale;
static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;

static void
c_locale_init(void)
{
	c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
}

double
txf_strtod_c(const char *s, char **end)
{
	locale_t old;
	double v;

	pthread_once(&c_locale_once, c_locale_init);
	if (c_locale == (locale_t)0)
		return strtod(s, end);
	old = uselocale(c_locale);
	v = strtod(s, end);
	uselocale(old);
	return v;
}

/* Skip the decimal digits of s from *i on; returns how many. */
static size_t
skip_digits(txf_str s, size_t *i)
{
	size_t k = *i;

	while (k < s.n && s.p[k] >= '0' && s.p[k] <= '9')
		k++;
	k -= *i;
	*i += k;
	return k;
}

int
txf_decimal_syntax(txf_str s, int plus)
{
	size_t i = 0, digits;

	if (i < s.n && (s.p[i] == '-' || (plus && s.p[i] == '+')))
		i++;
	digits = skip_digits(s, &i);
	if (i < s.n && s.p[i] == '.') {
		i++;
		digits += skip_digits(s, &i);
	}
	if (digits == 0)
		return 0;
	if (i < s.n && (s.p[i] == 'e' || s.p[i] == 'E')) {
		i++;
		if (i < s.n && (s.p[i] == '+' || s.p[i] == '-'))
			i++;
		if (skip_digits(s, &i) == 0)
			return 0;
	}
	return i == s.n;
}

int
txf_thread_start(pthread_t *th, void *(*fn)(void *), void *arg)
{
	sigset_t all, old;
	int rc;

	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	rc = pthread_create(th, NULL, fn, arg);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return rc;
}
