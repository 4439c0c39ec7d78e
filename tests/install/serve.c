/*
 * serve.c - a serving program linking the installed libtextfeat: it
 * tokenizes its arguments with the tools' defaults and prints the tokens,
 * one line each.  .ci/run builds it against an installed tree with
 * pkg-config and checks the output against the tokenize tool's.
 */
#include <stdio.h>
#include <string.h>

#include <textfeat.h>

int
main(int argc, char **argv)
{
	txf_tokopts o;
	txf_tokens t;
	txf_tokenizer *tk;

	txf_tokopts_init(&o);
	if ((tk = txf_tokenizer_new(&o)) == NULL)
		return 1;
	for (int i = 1; i < argc; i++) {
		size_t n = strlen(argv[i]);
		if (txf_utf8_check(argv[i], n) != n ||
		    txf_tokenize(tk, argv[i], n, &t) < 0) {
			fprintf(stderr, "serve: bad text\n");
			return 1;
		}
		for (size_t k = 0; k < t.n; k++)
			printf("%s%.*s", k ? " " : "", (int)t.v[k].n, t.v[k].p);
		putchar('\n');
	}
	txf_tokenizer_free(tk);
	return fflush(stdout) != 0;
}
