/* labels.c - fuzz target: label map files and a record's labels
 * (lib/label.c: txf_labelmap_load/add/get/format, txf_label_ok,
 * txf_labels_split, txf_row_labels).  Input: one byte choosing the
 * columns, then the bytes of a label map file.  Properties: a file that
 * loads holds only labels txf_label_ok() accepts, each found again by
 * txf_labelmap_get(); written back and loaded, it gives the same bytes;
 * a map built by txf_labelmap_add() from the file's first fields numbers
 * new labels from 0 in order of appearance; the fields split at commas
 * join back to the field; a record's labels are refused with a message or
 * read, never made up (a label read without a map is bytes of the record,
 * with a map the integers the map gives). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "textfeat.h"
#include "fuzz.h"

/* The map in text[0..n), through a temporary file; NULL if refused. */
static txf_labelmap *
load_text(const char *text, size_t n)
{
	char path[] = "/tmp/txf-fuzz-labels.XXXXXX";
	txf_error e;

	fuzz_file(path, text, n);
	txf_labelmap *m = txf_labelmap_load(path, &e);
	unlink(path);
	if (m == NULL)
		FUZZ_CHECK(e.code < 0 && txf_errmsg(e.code) != NULL &&
		    strlen(e.msg) < sizeof e.msg, "code %d", e.code);
	return m;
}

/* Every line of a formatted map: an accepted label TAB its integer. */
static void
check_lines(const txf_labelmap *m, const txf_buf *b)
{
	const char *p = b->p, *end = b->n > 0 ? b->p + b->n : b->p;
	size_t lines = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		FUZZ_CHECK(nl != NULL, "last line without LF");
		const char *tab = memchr(p, '\t', (size_t)(nl - p));
		FUZZ_CHECK(tab != NULL, "line without TAB");
		FUZZ_CHECK(txf_label_ok(p, (size_t)(tab - p)), "bad label");
		int64_t v;
		FUZZ_CHECK(txf_labelmap_get(m, p, (size_t)(tab - p), &v) == 1,
		    "label not found again");
		char num[32];
		int k = snprintf(num, sizeof num, "%lld", (long long)v);
		FUZZ_CHECK((size_t)k == (size_t)(nl - tab - 1) &&
		    memcmp(num, tab + 1, (size_t)k) == 0, "integer %s", num);
		lines++;
		p = nl + 1;
	}
	FUZZ_CHECK(lines == txf_labelmap_size(m), "%zu lines, %zu labels",
	    lines, txf_labelmap_size(m));
}

FUZZ_TARGET(labels)
{
	fuzz_in in = { data, size };
	unsigned sel = fuzz_byte(&in);
	const char *text = in.n > 0 ? (const char *)in.p : "";
	size_t n = in.n;

	/* The file as a label map: loads, or is refused with a message. */
	txf_labelmap *m = load_text(text, n);
	if (m != NULL) {
		txf_buf b = { 0 }, b2 = { 0 };
		FUZZ_CHECK(txf_labelmap_format(m, &b) == 0, "format");
		check_lines(m, &b);
		txf_labelmap *m2 = load_text(b.n > 0 ? b.p : "", b.n);
		FUZZ_CHECK(m2 != NULL, "a written map is refused");
		FUZZ_CHECK(txf_labelmap_format(m2, &b2) == 0, "format");
		FUZZ_CHECK(b.n == b2.n && (b.n == 0 ||
		    memcmp(b.p, b2.p, b.n) == 0), "round trip differs");
		txf_labelmap_free(m2);
		txf_buf_free(&b);
		txf_buf_free(&b2);
		txf_labelmap_free(m);
	}

	/* A map built from the first field of each line, in order. */
	txf_labelmap *built = txf_labelmap_new();
	FUZZ_CHECK(built != NULL, "new");
	const char *p = text, *end = text + n;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;
		const char *tab = memchr(p, '\t', (size_t)(e - p));
		size_t ln = (size_t)((tab ? tab : e) - p);
		size_t before = txf_labelmap_size(built);
		int64_t v = -1, w = -1;
		int rc = txf_labelmap_add(built, p, ln, &v);
		if (!txf_label_ok(p, ln)) {
			FUZZ_CHECK(rc == TXF_EINVAL, "bad label added: %d", rc);
		} else if (rc == 1) {
			FUZZ_CHECK(v == (int64_t)before, "new label %lld, "
			    "expected %zu", (long long)v, before);
		} else {
			FUZZ_CHECK(rc == 0 && txf_labelmap_get(built, p, ln,
			    &w) == 1 && w == v && v < (int64_t)before,
			    "known label %d", rc);
		}
		p = nl ? nl + 1 : end;
	}

	/* The text split at commas joins back to it. */
	txf_str parts[8], field = { text, n };
	size_t k = txf_labels_split(field, parts, 8);
	if (k > 0 && k <= 8) {
		size_t at = 0;
		for (size_t i = 0; i < k; i++) {
			FUZZ_CHECK(parts[i].p == text + at, "part %zu", i);
			at += parts[i].n;
			if (i + 1 < k) {
				FUZZ_CHECK(at < n && text[at] == ',', "comma");
				at++;
			}
		}
		FUZZ_CHECK(at == n, "parts cover %zu of %zu", at, n);
	}

	/* The text's first line as a record's extra columns. */
	const char *nl = memchr(text, '\n', n);
	txf_str extra = { text, nl ? (size_t)(nl - text) : n };
	static const enum txf_vec_format fmts[] = { TXF_VEC_SVMLIGHT,
	    TXF_VEC_VW, TXF_VEC_FASTTEXT };
	txf_labelcols lc = {
		.format = fmts[sel % 3],
		.first_col = 3,
		.label_col = (sel >> 2) & 3 ? 2 + ((sel >> 2) & 3) : 0,
		.qid_col = (sel >> 4) & 3 ? 2 + ((sel >> 4) & 3) : 0,
		.map = (sel & 0x40) ? built : NULL,
		.build = (sel & 0x80) != 0,
	};
	txf_vecrow row = { 0 };
	txf_buf scratch = { 0 };
	txf_error e;
	int rc = txf_row_labels(&lc, extra, &row, &scratch, &e);
	FUZZ_CHECK(rc == 0 || rc == TXF_EFORMAT || rc == TXF_ENOMEM,
	    "rc %d", rc);
	if (rc == TXF_EFORMAT)
		FUZZ_CHECK(e.msg[0] != '\0', "a refusal without a message");
	/* fastText: an empty field is a document without labels. */
	if (rc == 0 && lc.label_col != 0 && row.label.n == 0)
		FUZZ_CHECK(lc.format == TXF_VEC_FASTTEXT, "an empty label read");
	if (rc == 0 && lc.label_col != 0 && row.label.n > 0) {
		int in_extra = row.label.p >= extra.p &&
		    row.label.p + row.label.n <= extra.p + extra.n;
		int in_scratch = scratch.n > 0 && row.label.p >= scratch.p &&
		    row.label.p + row.label.n <= scratch.p + scratch.n;
		FUZZ_CHECK(lc.map == NULL ? in_extra : in_scratch,
		    "label from elsewhere");
	}
	if (rc == 0 && lc.qid_col != 0)
		FUZZ_CHECK(row.qid.n > 0 && row.qid.p >= extra.p &&
		    row.qid.p + row.qid.n <= extra.p + extra.n, "qid");
	txf_buf_free(&scratch);
	txf_labelmap_free(built);
	return 0;
}
