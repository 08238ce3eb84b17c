package ui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// Background work waits for the window's first paint, and starts once it
// happened.
func TestFirstFrameHoldsWorkUntilPainted(t *testing.T) {
	test.NewTempApp(t)
	f := &firstFrame{painted: make(chan struct{})} // no timer: only a paint releases it
	ran := make(chan struct{})
	f.env().spawn(func() { close(ran) })

	w := test.NewWindow(f.over(widget.NewLabel("hello")))
	defer w.Close()
	select {
	case <-ran:
		t.Fatal("work ran before the window painted")
	case <-time.After(50 * time.Millisecond):
	}
	w.Canvas().Capture() // the software painter draws the frame
	select {
	case <-ran:
	case <-time.After(5 * time.Second):
		t.Fatal("work did not run after the first paint")
	}
}
