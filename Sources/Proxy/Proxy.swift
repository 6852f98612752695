// The Proxy target; see docs/ARCHITECTURE.md.
