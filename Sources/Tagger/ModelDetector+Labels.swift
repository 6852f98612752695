import Anonymizer
import Foundation

extension ModelDetector {
    /// The labels a tagger in `folder` serves when a request names none (`veil_default_labels` in
    /// its `config.json`, as Veil labels), read without loading the weights; nil when the model
    /// serves all of its labels by default.
    public static func defaultLabels(inModelAt folder: URL) throws -> Set<EntityLabel>? {
        try config(folder)["veil_default_labels"]?.arrayValue.map { values in
            Set(values.compactMap(\.stringValue).map { aliases[$0] ?? EntityLabel($0) })
        }
    }
}
