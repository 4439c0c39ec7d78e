/*
 * driver.c - the fuzz targets without libFuzzer: `regress NAME PATH...`
 * feeds each file (and each file of each folder) to target NAME, and
 * `regress --list` names the targets.  Built with the normal compiler,
 * so that make check runs the committed corpora as regression tests.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static struct { const char *name; fuzz_fn fn; } targets[64];
static size_t ntargets;

void
fuzz_register(const char *name, fuzz_fn fn)
{
	if (ntargets == sizeof targets / sizeof *targets) {
		fprintf(stderr, "regress: too many targets\n");
		exit(99);
	}
	targets[ntargets].name = name;
	targets[ntargets++].fn = fn;
}

static int
cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static unsigned long runs;

static void
feed(fuzz_fn fn, const char *path)
{
	struct stat st;

	if (stat(path, &st) != 0) {
		perror(path);
		exit(99);
	}
	if (S_ISDIR(st.st_mode)) {
		DIR *d = opendir(path);
		struct dirent *e;
		char **names = NULL;
		size_t n = 0;
		if (d == NULL) {
			perror(path);
			exit(99);
		}
		while ((e = readdir(d)) != NULL) {
			if (e->d_name[0] == '.')
				continue;
			names = realloc(names, (n + 1) * sizeof *names);
			size_t len = strlen(path) + strlen(e->d_name) + 2;
			names[n] = malloc(len);
			if (names == NULL || names[n] == NULL)
				exit(99);
			snprintf(names[n++], len, "%s/%s", path, e->d_name);
		}
		closedir(d);
		qsort(names, n, sizeof *names, cmp);
		for (size_t i = 0; i < n; i++) {
			feed(fn, names[i]);
			free(names[i]);
		}
		free(names);
		return;
	}
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		perror(path);
		exit(99);
	}
	uint8_t *buf = malloc((size_t)st.st_size + 1);
	size_t n = fread(buf, 1, (size_t)st.st_size, f);
	fclose(f);
	/* A private copy of exactly the input's size, as libFuzzer gives:
	 * ASan then catches a read past its end. */
	uint8_t *data = malloc(n ? n : 1);
	memcpy(data, buf, n);
	free(buf);
	fn(data, n);
	free(data);
	runs++;
}

int
main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "--list") == 0) {
		for (size_t i = 0; i < ntargets; i++)
			puts(targets[i].name);
		return 0;
	}
	if (argc < 3) {
		fprintf(stderr, "usage: regress NAME PATH...\n"
		    "       regress --list\n");
		return 2;
	}
	for (size_t i = 0; i < ntargets; i++)
		if (strcmp(targets[i].name, argv[1]) == 0) {
			for (int k = 2; k < argc; k++)
				feed(targets[i].fn, argv[k]);
			printf("%s: %lu inputs, every property held\n",
			    argv[1], runs);
			return 0;
		}
	fprintf(stderr, "regress: no target '%s'\n", argv[1]);
	return 2;
}
