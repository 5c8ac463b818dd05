package main

import (
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"
	"time"
)

// figure is one line of the report: a measure with its goal, or, without a
// goal, a figure that shows where a ratio comes from.
type figure struct {
	measure string
	value   string
	goal    string // "" for a figure without one
	met     bool
	skipped string // why there is no value
}

func ratioFigure(measure string, ratio float64, detail, goal string, met bool) figure {
	return figure{measure: measure, value: fmt.Sprintf("%.2f (%s)", ratio, detail), goal: goal, met: met}
}

// printFigures writes the goals first, then the figures behind them.
func printFigures(w io.Writer, cfg config, figures []figure) {
	fmt.Fprintf(w, "\nmanifestload: %d round(s) of %s at %d connections, medians; sizes in KB of 1,000 bytes\n\n",
		cfg.rounds, cfg.duration, cfg.conns)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "measure\tgoal\tresult\tfigure")
	for _, f := range figures {
		if f.goal == "" {
			continue
		}
		result, value := "MISS", f.value
		switch {
		case f.skipped != "":
			result, value = "SKIP", "skipped: "+f.skipped
		case f.met:
			result = "PASS"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", f.measure, f.goal, result, value)
	}
	tw.Flush()
	fmt.Fprintln(w, "\nbehind the ratios:")
	for _, f := range figures {
		if f.goal == "" {
			fmt.Fprintf(w, "  %s: %s\n", f.measure, f.value)
		}
	}
}

// count writes n rounded, with thousands separated: 28,251.
func count(n float64) string {
	s := strconv.FormatInt(int64(n+0.5), 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// duration writes d with three significant digits or so: 52 ms, 165 µs.
func duration(d time.Duration) string {
	switch {
	case d >= time.Second:
		return fmt.Sprintf("%.2f s", d.Seconds())
	case d >= 10*time.Millisecond:
		return fmt.Sprintf("%.0f ms", float64(d)/float64(time.Millisecond))
	case d >= time.Millisecond:
		return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond))
	}
	return fmt.Sprintf("%.0f µs", float64(d)/float64(time.Microsecond))
}

// size writes n bytes in KB, or in MB from a million on.
func size(n int) string {
	if n >= 1_000_000 {
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	}
	return fmt.Sprintf("%.1f KB", float64(n)/1000)
}

func megabytes(n int64) string { return fmt.Sprintf("%.0f MB", float64(n)/1e6) }
