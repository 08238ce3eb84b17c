package main

import (
	"syscall"
	"unsafe"
)

// hideOwnConsole closes the console window Windows opened for Paidup when
// it was started from Explorer (a double click) rather than from a
// terminal: paidup.exe is a console program, so that the command line
// prints where it was typed, and the window then needs no console beside
// it. A console that other processes share (cmd.exe, PowerShell) stays.
func hideOwnConsole() {
	k := syscall.NewLazyDLL("kernel32.dll")
	list := k.NewProc("GetConsoleProcessList")
	var pids [2]uint32
	n, _, _ := list.Call(uintptr(unsafe.Pointer(&pids[0])), 2)
	if n == 1 {
		k.NewProc("FreeConsole").Call()
	}
}
