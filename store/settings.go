package store

import (
	"context"
	"errors"
	"fmt"
)

// Setting returns the value stored under key, or ErrNotFound.
func (s *Store) Setting(ctx context.Context, key string) ([]byte, error) {
	var v []byte
	err := s.read.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", key).Scan(&v)
	if err != nil {
		return nil, fmt.Errorf("setting %q: %w", key, notFound(err))
	}
	return v, nil
}

// SetSetting stores value under key, replacing any previous value.
func (s *Store) SetSetting(ctx context.Context, key string, value []byte) error {
	_, err := s.write.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, nonNil(value))
	if err != nil {
		return fmt.Errorf("set setting %q: %w", key, err)
	}
	return nil
}

// SettingOrCreate returns the value under key; when there is none it stores
// what create returns. When two processes race, the first writer wins and
// both get its value, so generated secrets (session keys) agree.
func (s *Store) SettingOrCreate(ctx context.Context, key string, create func() ([]byte, error)) ([]byte, error) {
	v, err := s.Setting(ctx, key)
	if !errors.Is(err, ErrNotFound) {
		return v, err
	}
	fresh, err := create()
	if err != nil {
		return nil, fmt.Errorf("create setting %q: %w", key, err)
	}
	err = s.inTx(ctx, func(tx *txn) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
			ON CONFLICT (key) DO NOTHING`, key, nonNil(fresh)); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", key).Scan(&v)
	})
	if err != nil {
		return nil, fmt.Errorf("setting %q: %w", key, err)
	}
	return v, nil
}

// nonNil keeps an empty value from being stored as NULL (the driver binds a
// nil slice as NULL).
func nonNil(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}
