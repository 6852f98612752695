// The Upstream target; see docs/ARCHITECTURE.md.
import CCurl
