/*
 * breaktest.c - check txf_word_next() and txf_grapheme_next() against
 * Unicode's WordBreakTest.txt and GraphemeBreakTest.txt.
 *
 * Usage: breaktest [DIR | FILE...]
 *
 * DIR (default /usr/share/unicode/auxiliary) holds both test files; a FILE
 * is tested as word or grapheme breaks after its name.  Each test line,
 *
 *   ÷ 0061 × 0308 ÷ 0020 ÷	# comment
 *
 * lists code points with a break (÷) or no break (×) between them.  The
 * code points are encoded as UTF-8 and the public API is asked for the
 * boundaries twice: walking from boundary to boundary from the start, and
 * from every code point offset (the next boundary after any position).
 *
 * Exit status: 0 all passed, 1 a failure, 77 (skip) a test file is
 * missing, 99 a test file could not be read or parsed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "textfeat.h"

#define UNICODE_VERSION "15.0.0"
#define DEFAULT_DIR "/usr/share/unicode/auxiliary"
#define MAX_CPS 128           /* code points on one test line */
#define MAX_REPORTS 20        /* failures reported per file */

enum { EXIT_PASS = 0, EXIT_FAIL = 1, EXIT_SKIP = 77, EXIT_HARD = 99 };

typedef size_t next_fn(const char *s, size_t n, size_t pos);

/* One parsed test line: the text and where its boundaries are. */
struct testcase {
	char text[MAX_CPS * 4];
	size_t n;                  /* bytes of text */
	size_t off[MAX_CPS + 1];   /* byte offset of each code point, and n */
	int brk[MAX_CPS + 1];      /* brk[k]: a boundary at off[k] */
	size_t ncp;                /* code points */
};

static int
encode(long cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3F));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/*
 * Parse a test line into t.  Returns 1 for a test, 0 for a comment or
 * blank line, -1 when the line is malformed.
 */
static int
parse_line(char *line, struct testcase *t)
{
	char *p, *hash = strchr(line, '#');
	int want_mark = 1;

	if (hash != NULL)
		*hash = '\0';
	t->n = 0;
	t->ncp = 0;
	for (p = strtok(line, " \t\r\n"); p != NULL; p = strtok(NULL, " \t\r\n")) {
		if (want_mark) {
			if (strcmp(p, "\xC3\xB7") == 0)        /* ÷ U+00F7 */
				t->brk[t->ncp] = 1;
			else if (strcmp(p, "\xC3\x97") == 0)   /* × U+00D7 */
				t->brk[t->ncp] = 0;
			else
				return -1;
			t->off[t->ncp] = t->n;
		} else {
			char *end;
			long cp = strtol(p, &end, 16);
			if (*end != '\0' || cp < 0 || cp > 0x10FFFF ||
			    (cp >= 0xD800 && cp <= 0xDFFF) || t->ncp == MAX_CPS)
				return -1;
			t->n += (size_t)encode(cp, t->text + t->n);
			t->ncp++;
		}
		want_mark = !want_mark;
	}
	if (t->ncp == 0 && want_mark)
		return 0;
	/* A line starts and ends with a mark, and both are breaks. */
	if (want_mark || t->ncp == 0 || !t->brk[0] || !t->brk[t->ncp])
		return -1;
	return 1;
}

/* Append the offsets at which brk is set, after the first, to buf. */
static void
format_breaks(const struct testcase *t, const int *brk, char *buf,
              size_t size)
{
	size_t k, len = 0;

	buf[0] = '\0';
	for (k = 1; k <= t->ncp && len < size; k++)
		if (brk[k])
			len += (size_t)snprintf(buf + len, size - len, "%s%zu",
			    len ? " " : "", t->off[k]);
}

/* The index k with off[k] == pos, or ncp + 1 when pos is not a code
 * point offset. */
static size_t
index_of(const struct testcase *t, size_t pos)
{
	size_t k;

	for (k = 0; k <= t->ncp; k++)
		if (t->off[k] == pos)
			return k;
	return t->ncp + 1;
}

/*
 * Check one test case.  Returns 1 when next() gives exactly the expected
 * boundaries, else 0 and a message in msg.
 */
static int
check_case(const struct testcase *t, next_fn *next, char *msg, size_t size)
{
	int got[MAX_CPS + 1] = { 0 };
	char want_s[1024], got_s[1024];
	size_t pos, k;

	/* Walk from boundary to boundary. */
	for (pos = 0; pos < t->n; ) {
		size_t b = next(t->text, t->n, pos);
		if (b <= pos || b > t->n || (k = index_of(t, b)) > t->ncp) {
			snprintf(msg, size, "from offset %zu: result %zu is not "
			    "a code point offset after it", pos, b);
			return 0;
		}
		got[k] = 1;
		pos = b;
	}
	got[0] = 1;
	if (memcmp(got, t->brk, (t->ncp + 1) * sizeof got[0]) != 0) {
		format_breaks(t, t->brk, want_s, sizeof want_s);
		format_breaks(t, got, got_s, sizeof got_s);
		snprintf(msg, size, "breaks at byte offsets: expected %s, got %s",
		    want_s, got_s);
		return 0;
	}
	/* From every code point, boundary or not: the next boundary. */
	for (k = 0; k < t->ncp; k++) {
		size_t want = k + 1, b;
		while (!t->brk[want])
			want++;
		b = next(t->text, t->n, t->off[k]);
		if (b != t->off[want]) {
			snprintf(msg, size, "next boundary after byte offset %zu:"
			    " expected %zu, got %zu", t->off[k], t->off[want], b);
			return 0;
		}
	}
	return 1;
}

/* The name part of a path. */
static const char *
base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/*
 * Check that the first line names the expected version, as in
 * "# WordBreakTest-15.0.0.txt".
 */
static int
check_version(const char *path, const char *line)
{
	const char *dash = strchr(line, '-');
	size_t len = strlen(UNICODE_VERSION);

	if (line[0] != '#' || dash == NULL ||
	    strncmp(dash + 1, UNICODE_VERSION, len) != 0 ||
	    strncmp(dash + 1 + len, ".txt", 4) != 0) {
		fprintf(stderr, "%s: not a Unicode %s test file: %s", path,
		    UNICODE_VERSION, line);
		return 0;
	}
	return 1;
}

/* Run the tests of one file.  Returns an exit status. */
static int
run_file(const char *path, next_fn *next)
{
	static struct testcase t;
	char line[4096], msg[2200];
	unsigned long lineno = 0, tests = 0, passed = 0;
	FILE *f = fopen(path, "r");

	if (f == NULL) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return errno == ENOENT ? EXIT_SKIP : EXIT_HARD;
	}
	while (fgets(line, sizeof line, f) != NULL) {
		int rc;
		lineno++;
		if (strchr(line, '\n') == NULL && !feof(f)) {
			fprintf(stderr, "%s:%lu: line too long\n", path, lineno);
			fclose(f);
			return EXIT_HARD;
		}
		if (lineno == 1 && !check_version(path, line)) {
			fclose(f);
			return EXIT_FAIL;
		}
		rc = parse_line(line, &t);
		if (rc < 0) {
			fprintf(stderr, "%s:%lu: malformed test line\n", path,
			    lineno);
			fclose(f);
			return EXIT_HARD;
		}
		if (rc == 0)
			continue;
		tests++;
		if (check_case(&t, next, msg, sizeof msg))
			passed++;
		else if (tests - passed <= MAX_REPORTS)
			fprintf(stderr, "%s:%lu: %s\n", path, lineno, msg);
	}
	if (ferror(f)) {
		fprintf(stderr, "%s: read error\n", path);
		fclose(f);
		return EXIT_HARD;
	}
	fclose(f);
	if (tests == 0) {
		fprintf(stderr, "%s: no test lines\n", path);
		return EXIT_HARD;
	}
	printf("%s: %lu/%lu passed\n", base_name(path), passed, tests);
	return passed == tests ? EXIT_PASS : EXIT_FAIL;
}

/* Worse of two exit statuses: hard error, failure, skip, pass. */
static int
worse(int a, int b)
{
	static const int order[] = { EXIT_PASS, EXIT_SKIP, EXIT_FAIL, EXIT_HARD };
	int ia = 0, ib = 0, k;

	for (k = 0; k < 4; k++) {
		if (order[k] == a)
			ia = k;
		if (order[k] == b)
			ib = k;
	}
	return ia >= ib ? a : b;
}

/* The boundary function for a test file, after its name. */
static next_fn *
function_for(const char *path)
{
	const char *name = base_name(path);

	if (strncmp(name, "WordBreakTest", 13) == 0)
		return txf_word_next;
	if (strncmp(name, "GraphemeBreakTest", 17) == 0)
		return txf_grapheme_next;
	return NULL;
}

static int
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int
main(int argc, char **argv)
{
	const char *dir = DEFAULT_DIR;
	char path[4096];
	int status = EXIT_PASS, k;

	if (argc > 1 && (strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "--help") == 0)) {
		printf("Usage: %s [DIR | FILE...]\n", argv[0]);
		return 0;
	}
	if (argc == 2 && is_dir(argv[1]))
		dir = argv[1];
	else if (argc > 1) {
		for (k = 1; k < argc; k++) {
			next_fn *next = function_for(argv[k]);
			if (next == NULL) {
				fprintf(stderr, "%s: not a directory, nor a file "
				    "named WordBreakTest* or GraphemeBreakTest*"
				    "\n", argv[k]);
				return EXIT_HARD;
			}
			status = worse(status, run_file(argv[k], next));
		}
		return status;
	}
	snprintf(path, sizeof path, "%s/WordBreakTest.txt", dir);
	status = worse(status, run_file(path, txf_word_next));
	snprintf(path, sizeof path, "%s/GraphemeBreakTest.txt", dir);
	status = worse(status, run_file(path, txf_grapheme_next));
	return status;
}
