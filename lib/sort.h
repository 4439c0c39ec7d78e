/*
 * sort.h - the library's one comparison sort, written once and made for
 * each element type that needs it (internal; not installed).
 *
 * TXF_SORT_DEFINE(name, T, C, LESS) defines, static to the file:
 *   void name(C ctx, T *a, size_t n)            introsort of a[0..n)
 * and TXF_SORT_PARTS_DEFINE(name, T, C, LESS), which it includes:
 *   void name##_swap(T *x, T *y)
 *   void name##_heap(C ctx, T *a, size_t n)      heap sort of a[0..n)
 *   void name##_insertion(C ctx, T *a, size_t n) insertion sort
 *   void name##_sift(C ctx, T *a, size_t i, size_t n)
 *        sift a[i] down in the max-heap a[0..n) (for top-k selections)
 * in ascending order of LESS(ctx, x, y), an expression true when the
 * element *x goes before *y (x, y: const T *).  Introsort is quicksort
 * (median of three, Hoare partition, the recursion on the smaller part)
 * that turns to heap sort when it recurses too deep and to insertion sort
 * on short parts.  The order of elements that are equal under LESS is
 * unspecified: callers that print in sorted order use total orders.
 */
#ifndef TXF_SORT_H
#define TXF_SORT_H

#include <stddef.h>

#define TXF_SORT_PARTS_DEFINE(name, T, C, LESS)                             \
static inline void                                                          \
name##_swap(T *x, T *y)                                                     \
{                                                                           \
	T t_ = *x;                                                          \
	*x = *y;                                                            \
	*y = t_;                                                            \
}                                                                           \
                                                                            \
static void                                                                 \
name##_insertion(C ctx, T *a, size_t n)                                     \
{                                                                           \
	(void)ctx;                                                          \
	for (size_t i = 1; i < n; i++) {                                    \
		T x = a[i];                                                 \
		size_t j = i;                                               \
		while (j > 0 && LESS(ctx, &x, &a[j - 1])) {                 \
			a[j] = a[j - 1];                                    \
			j--;                                                \
		}                                                           \
		a[j] = x;                                                   \
	}                                                                   \
}                                                                           \
                                                                            \
static void                                                                 \
name##_sift(C ctx, T *a, size_t i, size_t n)                                \
{                                                                           \
	(void)ctx;                                                          \
	for (;;) {                                                          \
		size_t c = 2 * i + 1;                                       \
		if (c >= n)                                                 \
			return;                                             \
		if (c + 1 < n && LESS(ctx, &a[c], &a[c + 1]))               \
			c++;                                                \
		if (!LESS(ctx, &a[i], &a[c]))                               \
			return;                                             \
		name##_swap(&a[c], &a[i]);                                  \
		i = c;                                                      \
	}                                                                   \
}                                                                           \
                                                                            \
static void                                                                 \
name##_heap(C ctx, T *a, size_t n)                                          \
{                                                                           \
	for (size_t i = n / 2; i-- > 0;)                                    \
		name##_sift(ctx, a, i, n);                                  \
	while (n > 1) {                                                     \
		name##_swap(&a[0], &a[--n]);                                \
		name##_sift(ctx, a, 0, n);                                  \
	}                                                                   \
}

#define TXF_SORT_DEFINE(name, T, C, LESS)                                   \
TXF_SORT_PARTS_DEFINE(name, T, C, LESS)                                     \
                                                                            \
static void                                                                 \
name##_intro(C ctx, T *a, size_t n, int depth)                              \
{                                                                           \
	while (n > 16) {                                                    \
		if (depth-- == 0) {                                         \
			name##_heap(ctx, a, n);                             \
			return;                                             \
		}                                                           \
		size_t m = n / 2;                                           \
		if (LESS(ctx, &a[m], &a[0]))                                \
			name##_swap(&a[m], &a[0]);                          \
		if (LESS(ctx, &a[n - 1], &a[m])) {                          \
			name##_swap(&a[n - 1], &a[m]);                      \
			if (LESS(ctx, &a[m], &a[0]))                        \
				name##_swap(&a[m], &a[0]);                  \
		}                                                           \
		T pv = a[m];                                                \
		size_t i = 0, j = n - 1;                                    \
		for (;;) {                                                  \
			while (LESS(ctx, &a[i], &pv))                       \
				i++;                                        \
			while (LESS(ctx, &pv, &a[j]))                       \
				j--;                                        \
			if (i >= j)                                         \
				break;                                      \
			name##_swap(&a[i], &a[j]);                          \
			i++;                                                \
			j--;                                                \
		}                                                           \
		/* a[0..j] <= pivot <= a[j+1..n): recurse on the smaller. */\
		size_t left = j + 1;                                        \
		if (left < n - left) {                                      \
			name##_intro(ctx, a, left, depth);                  \
			a += left;                                          \
			n -= left;                                          \
		} else {                                                    \
			name##_intro(ctx, a + left, n - left, depth);       \
			n = left;                                           \
		}                                                           \
	}                                                                   \
	name##_insertion(ctx, a, n);                                        \
}                                                                           \
                                                                            \
static inline void                                                          \
name(C ctx, T *a, size_t n)                                                 \
{                                                                           \
	int depth = 0;                                                      \
                                                                            \
	for (size_t k = n; k > 1; k >>= 1)                                  \
		depth += 2;                                                 \
	name##_intro(ctx, a, n, depth);                                     \
}

#endif /* TXF_SORT_H */
