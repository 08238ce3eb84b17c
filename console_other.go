//go:build !windows

package main

// hideOwnConsole has nothing to do where programs get no console of their
// own (console_windows.go).
func hideOwnConsole() {}
