/*
 * test_like.c: the LIKE/ILIKE matcher (nm_like) against a plain
 * backtracking reference on many small random cases, plus the cases that
 * made the old matcher take exponential time.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "nm_like.h"

/* Reference: textbook recursive LIKE over byte strings (exponential in
 * the worst case, fine for the short inputs used here). */
static int ref_like(const char *s, size_t n, const char *p, size_t m, int fold)
{
	while (m > 0) {
		unsigned char pc = (unsigned char)*p, sc;
		if (pc == '%') {
			size_t i;
			for (i = 0; i <= n; i++)
				if (ref_like(s + i, n - i, p + 1, m - 1, fold))
					return 1;
			return 0;
		}
		if (n == 0)
			return 0;
		sc = (unsigned char)*s;
		if (pc == '\\' && m > 1) {
			p++;
			m--;
			pc = (unsigned char)*p;
		} else if (pc == '_') {
			goto next;
		}
		if (fold) {
			if (pc >= 'A' && pc <= 'Z')
				pc = (unsigned char)(pc + 32);
			if (sc >= 'A' && sc <= 'Z')
				sc = (unsigned char)(sc + 32);
		}
		if (pc != sc)
			return 0;
next:
		s++;
		n--;
		p++;
		m--;
	}
	return n == 0;
}

static int like(const char *s, const char *p, int fold)
{
	nm_like *c;
	int m;
	cr_assert_eq(nm_like_compile(&c, p, strlen(p), fold), 0);
	m = nm_like_match(c, s, strlen(s));
	nm_like_free(c);
	return m;
}

Test(like, plain_cases_match_like_sql)
{
	static const struct {
		const char *subject, *pattern;
		int fold, want;
	} cases[] = {
		{"octocat", "%cat", 0, 1},    {"octocat", "octo%", 0, 1},
		{"octocat", "%toc%", 0, 1},   {"octocat", "%dog%", 0, 0},
		{"octocat", "o_t_c_t", 0, 1}, {"octocat", "o_t_c_", 0, 0},
		{"", "%", 0, 1},              {"", "", 0, 1},
		{"a", "", 0, 0},              {"a%b", "a\\%b", 0, 1},
		{"axb", "a\\%b", 0, 0},       {"a_b", "%\\_%", 0, 1},
		{"ab", "%\\_%", 0, 0},        {"a\\", "a\\", 0, 1},
		{"OctoCat", "%CAT", 1, 1},    {"OctoCat", "%CAT", 0, 0},
	};
	size_t i;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		cr_assert_eq(!!like(cases[i].subject, cases[i].pattern,
				    cases[i].fold),
			     cases[i].want, "%s LIKE %s (fold %d)",
			     cases[i].subject, cases[i].pattern, cases[i].fold);
}

Test(like, subject_with_nul_bytes_is_matched_whole)
{
	nm_like *c;
	cr_assert_eq(nm_like_compile(&c, "%b", 2, 0), 0);
	cr_assert(nm_like_match(c, "a\0b", 3));
	cr_assert(!nm_like_match(c, "b\0a", 3));
	nm_like_free(c);
}

Test(like, agrees_with_the_reference_on_random_cases)
{
	static const char alpha_s[] = "aAb%_\\";
	static const char alpha_p[] = "aAb%%__\\";
	char s[12], p[10];
	int i;
	srand(12345);
	for (i = 0; i < 200000; i++) {
		size_t n = (size_t)rand() % sizeof(s), m = (size_t)rand() % sizeof(p);
		size_t k;
		int fold = rand() & 1;
		nm_like *c;
		for (k = 0; k < n; k++)
			s[k] = alpha_s[rand() % (sizeof(alpha_s) - 1)];
		for (k = 0; k < m; k++)
			p[k] = alpha_p[rand() % (sizeof(alpha_p) - 1)];
		cr_assert_eq(nm_like_compile(&c, p, m, fold), 0);
		cr_assert_eq(nm_like_match(c, s, n), ref_like(s, n, p, m, fold),
			     "subject '%.*s' pattern '%.*s' fold %d", (int)n, s,
			     (int)m, p, fold);
		nm_like_free(c);
	}
}

Test(like, long_patterns_span_several_words)
{
	char s[400], p[402];
	memset(s, 'a', sizeof(s) - 1);
	s[sizeof(s) - 1] = '\0';
	p[0] = '%';
	memset(p + 1, 'a', 300);
	p[301] = '%';
	p[302] = '\0';
	cr_assert(like(s, p, 0));
	p[150] = 'b';
	cr_assert(!like(s, p, 0));
	p[150] = '_';
	cr_assert(like(s, p, 1));
}

/*
 * A backtracking matcher never finishes this one (~n^k steps); the automaton
 * does n * words. The timeout only guards against a hang: it is no speed
 * target (benchmarks measure speed), so it is generous for sanitizers.
 */
Test(like, wildcard_heavy_pattern_on_a_long_subject_finishes, .timeout = 120)
{
	size_t n = 20000, i;
	char *s = malloc(n + 1), p[402];
	memset(s, 'a', n);
	s[n] = '\0';
	for (i = 0; i + 2 < sizeof(p); i += 2) {
		p[i] = '%';
		p[i + 1] = 'a';
	}
	p[i] = 'b';
	p[i + 1] = '\0';
	cr_assert(!like(s, p, 1));
	p[i] = '%';
	cr_assert(like(s, p, 1));
	free(s);
}
