// The Sockets target; see docs/ARCHITECTURE.md.
import CLinuxShims
