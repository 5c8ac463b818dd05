package manifest

import (
	"fmt"
	"strings"
)

// suggestHint is "Did you mean …?" when s looks like a typo of one of the
// candidates, and otherwise the fallback hint.
func suggestHint(s string, candidates []string, fallback string) string {
	if c := suggest(s, candidates); c != "" {
		return fmt.Sprintf("Did you mean %q?", c)
	}
	return fallback
}

// suggest returns the candidate s is most likely a typo of, or "". Case is
// ignored; the distance allowed grows with the candidate's length; and an
// event type's short name ("ContentEvent") finds the full one.
func suggest(s string, candidates []string) string {
	if len(s) > 100 {
		return "" // not a typo, and too long to compare cheaply
	}
	ls := strings.ToLower(s)
	best, bestDist := "", -1
	for _, c := range candidates {
		d := editDistance(ls, strings.ToLower(c))
		if d <= typoLimit(c) && (bestDist < 0 || d < bestDist) {
			best, bestDist = c, d
		}
	}
	if best != "" {
		return best
	}
	for _, c := range candidates {
		if short := EventName(c); short != c && strings.EqualFold(short, s) {
			return c
		}
	}
	return ""
}

func typoLimit(candidate string) int {
	switch n := len(candidate); {
	case n <= 5:
		return 1
	case n < 24:
		return 2
	default:
		return n / 8
	}
}

// editDistance is the optimal string alignment distance: insertions,
// deletions, substitutions and swaps of neighbours each cost one.
func editDistance(a, b string) int {
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
