package ui

import (
	"image"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
)

// firstFrame holds the screens' background work back until the window
// has painted once. On two cores the dashboard's queries on a million
// invoices otherwise compete with the first paint and delay it by about a
// second (measured with scripts/bench_gui.sh); the work starts a frame
// later instead.
type firstFrame struct {
	painted chan struct{}
	once    sync.Once
}

// firstFrameWait is how long work waits at most: a window started
// minimised or on another workspace may not paint at all.
const firstFrameWait = 2 * time.Second

func newFirstFrame() *firstFrame {
	f := &firstFrame{painted: make(chan struct{})}
	time.AfterFunc(firstFrameWait, f.release)
	return f
}

func (f *firstFrame) release() { f.once.Do(func() { close(f.painted) }) }

// env is liveEnv with its background work started after the first paint.
func (f *firstFrame) env() env {
	return env{do: liveEnv.do, spawn: func(work func()) {
		go func() {
			<-f.painted
			work()
		}()
	}}
}

// over lays content under a one-pixel transparent raster: Fyne's painter
// asks a raster for its pixels when it draws it, which is the one sign of
// a painted frame Fyne gives.
func (f *firstFrame) over(content fyne.CanvasObject) fyne.CanvasObject {
	px := image.NewNRGBA(image.Rect(0, 0, 1, 1))
	r := canvas.NewRaster(func(int, int) image.Image {
		f.release()
		return px
	})
	r.Resize(fyne.NewSize(1, 1))
	return container.NewStack(content, container.NewWithoutLayout(r))
}
