// Package assets holds files embedded in the binary. It imports nothing but
// the standard library, so the command line and reports may use it too; ui
// wraps the bytes in Fyne resources.
package assets

import _ "embed"

// Icon is the 512×512 PNG application icon (a white check on deep green).
//
//go:embed icon.png
var Icon []byte

// SRGB is an sRGB IEC61966-2.1 ICC profile (icc/sRGB.icc, Zlib licence:
// icc/LICENSE), the output intent of Factur-X (PDF/A-3) invoices.
//
//go:embed icc/sRGB.icc
var SRGB []byte
