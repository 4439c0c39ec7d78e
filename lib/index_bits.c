/*
 * index_bits.c - the documents of a search's dense lists as bits, for
 * the lookups of the lists that are not walked (index_search.c).
 *
 * A dense list, when non-essential, is looked up for many documents it
 * lacks: on the bench's queries nine lookups in ten of the first
 * non-essential list found nothing, each a seek and often a block
 * decoded for it.  The searcher keeps the documents of such lists (one
 * document in BITS_DENSE or more) as bits, a bit a document, up to
 * BITS_MEM bytes of them (BITS_MAX lists), made when a list first turns
 * non-essential in a query, and a lookup asks them first (may_hold()).
 * When the room is full, the bits least recently used by a query make
 * way (not those of the current query, which its cursors hold).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "index_search.h"

#define BITS_DENSE 64
#define BITS_MEM ((size_t)4 << 20)
#define BITS_MAX 64

/* Room for the bits of BITS_MEM bytes, BITS_MAX lists at most: 0 when
 * none. */
static int
bits_room(txf_ix_searcher *s)
{
	size_t bytes = ((size_t)s->ix->docs + 63) / 64 * 8;

	s->maxbm = bytes > 0 ? BITS_MEM / bytes : 0;
	if (s->maxbm > BITS_MAX)
		s->maxbm = BITS_MAX;
	if (s->maxbm > 0 && (s->bm = calloc(s->maxbm, sizeof *s->bm)) == NULL)
		s->maxbm = 0;
	return s->maxbm > 0;
}

const uint64_t *
txf_ix_list_bits(txf_ix_searcher *s, const struct cur *c)
{
	uint32_t docs[TXF_IX_BLOCK + PAD], nd = s->ix->docs;
	size_t words = ((size_t)nd + 63) / 64, at = s->nbm;

	if ((uint64_t)c->df * BITS_DENSE < nd)
		return NULL;
	if (s->bm == NULL && !bits_room(s))
		return NULL;
	for (size_t i = 0; i < s->nbm; i++)
		if (s->bm[i].pay == c->pay) {
			s->bm[i].used = s->nq;
			return s->bm[i].bits;
		}
	uint64_t *b;
	if (s->nbm < s->maxbm) {
		if ((b = malloc(words * sizeof *b)) == NULL)
			return NULL;
		s->nbm++;
	} else {
		for (size_t i = 0; i < s->nbm; i++)
			if (s->bm[i].used != s->nq &&
			    (at == s->nbm || s->bm[i].used < s->bm[at].used))
				at = i;
		if (at == s->nbm)
			return NULL;
		b = s->bm[at].bits;
	}
	/* Not found again until made whole. */
	s->bm[at].pay = NULL;
	s->bm[at].bits = b;
	memset(b, 0, words * sizeof *b);
	for (uint32_t i = 0; i < c->nb; i++) {
		const uint8_t *blk;
		uint32_t n = txf_ix_block_at(s, c, i, docs, NULL, &blk);
		if (n == 0)
			return NULL;
		for (uint32_t j = 0; j < n; j++) {
			if (docs[j] >= nd)
				return NULL;
			b[docs[j] >> 6] |= UINT64_C(1) << (docs[j] & 63);
		}
	}
	s->bm[at].pay = c->pay;
	s->bm[at].used = s->nq;
	return b;
}

void
txf_ix_bits_free(txf_ix_searcher *s)
{
	for (size_t i = 0; i < s->nbm; i++)
		free(s->bm[i].bits);
	free(s->bm);
}
