package views

import "strconv"

// Plural writes "1 error" or "3 errors".
func Plural(n int, singular string) string {
	return strconv.Itoa(n) + " " + noun(n, singular)
}

// noun is "error" for one and "errors" for any other number.
func noun(n int, singular string) string {
	if n == 1 {
		return singular
	}
	return singular + "s"
}
