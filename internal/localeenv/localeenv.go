// Package localeenv mends one locale setting before Fyne reads it.
//
// Fyne's lang package parses the locale in its init and logs an error for
// "C.UTF-8", the default locale of Debian containers, cron jobs and CI,
// which would print three lines of noise before every command. When the
// locale is C.* or POSIX.* and LANGUAGE is unset, LANGUAGE=en tells it
// the same thing in a form it understands; LANGUAGE only picks message
// translations, so nothing else changes. main imports this package first;
// TestNoLocaleNoise proves it runs before Fyne's init.
package localeenv

import "os"

func init() {
	if os.Getenv("LANGUAGE") != "" {
		return
	}
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := os.Getenv(name)
		if v == "" {
			continue
		}
		if len(v) > 2 && (v[:2] == "C." || (len(v) > 6 && v[:6] == "POSIX.")) {
			os.Setenv("LANGUAGE", "en")
		}
		return
	}
}
