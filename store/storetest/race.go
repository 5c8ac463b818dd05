//go:build race

package storetest

// RaceSlowdown is how much slower code runs under the race detector, for
// the few tests that give the database a deadline.
const RaceSlowdown = 10
