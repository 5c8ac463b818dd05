package manifest

import "strings"

// maxSlug keeps download file names well below file-system limits.
const maxSlug = 100

// Slug turns an app's client_name into a file-name slug for downloads:
// lowercase ASCII letters and digits separated by single hyphens, common
// accented Latin letters transliterated ("Café Bot" is "cafe-bot"), at most
// 100 characters, and "manifest" when nothing is left.
func Slug(clientName string) string {
	var b strings.Builder
	hyphen := false // a separator is pending
	for _, r := range clientName {
		s := slugRune(r)
		if s == "" {
			hyphen = b.Len() > 0
			continue
		}
		if hyphen {
			b.WriteByte('-')
			hyphen = false
		}
		b.WriteString(s)
		if b.Len() >= maxSlug {
			break
		}
	}
	s := strings.TrimRight(b.String()[:min(b.Len(), maxSlug)], "-")
	if s == "" {
		return "manifest"
	}
	return s
}

// slugRune is r as lowercase ASCII, or "" for a separator.
func slugRune(r rune) string {
	switch {
	case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
		return string(r)
	case 'A' <= r && r <= 'Z':
		return string(r + 'a' - 'A')
	}
	return latin[r]
}

// latin transliterates the accented letters of Western and Central European
// languages; other scripts become separators.
var latin = func() map[rune]string {
	m := map[rune]string{}
	for ascii, letters := range map[string]string{
		"a": "àáâãäåāăąÀÁÂÃÄÅĀĂĄ", "c": "çćĉċčÇĆĈĊČ", "d": "ďđÐĎĐð", "e": "èéêëēĕėęěÈÉÊËĒĔĖĘĚ",
		"g": "ĝğġģĜĞĠĢ", "h": "ĥħĤĦ", "i": "ìíîïĩīĭįıÌÍÎÏĨĪĬĮİ", "j": "ĵĴ", "k": "ķĶ",
		"l": "ĺļľŀłĹĻĽĿŁ", "n": "ñńņňÑŃŅŇ", "o": "òóôõöøōŏőÒÓÔÕÖØŌŎŐ", "r": "ŕŗřŔŖŘ",
		"s": "śŝşšșŚŜŞŠȘ", "t": "ţťŧțŢŤŦȚ", "u": "ùúûüũūŭůűųÙÚÛÜŨŪŬŮŰŲ", "w": "ŵŴ",
		"y": "ýÿŷÝŸŶ", "z": "źżžŹŻŽ", "ae": "æÆ", "oe": "œŒ", "ss": "ß", "th": "þÞ",
	} {
		for _, r := range letters {
			m[r] = ascii
		}
	}
	return m
}()
