//go:build race

package ui

// raceDetector: the tests run under the race detector, which makes code
// five to ten times slower; timing budgets are scaled by it.
const raceDetector = true
