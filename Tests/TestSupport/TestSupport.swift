// Shared helpers for Veil's test targets (builders, the drip-feed verifier, goldens).
