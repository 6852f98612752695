public enum PatternDetectors { public static func all() -> [any PatternDetector] { [] } }
