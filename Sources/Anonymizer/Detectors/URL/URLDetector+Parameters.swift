extension URLDetector {
    /// What a query parameter's value is, by the parameter's name (lower-cased, `-` → `_`).
    static func label(forKey raw: String) -> EntityLabel? {
        let key = String(raw.lowercased().map { $0 == "-" ? "_" : $0 })
        return labelsByKey[key]
    }

    static let labelsByKey: [String: EntityLabel] = {
        var d: [String: EntityLabel] = [:]
        for k in ["email", "e_mail", "mail", "email_address", "user_email", "emailaddress"] { d[k] = .email }
        for k in ["password", "passwd", "pwd", "pass", "passphrase"] { d[k] = .password }
        for k in [
            "token", "access_token", "refresh_token", "id_token", "auth", "auth_token", "authtoken", "api_key",
            "apikey", "key", "secret", "client_secret", "sig", "signature", "x_amz_signature",
            "x_amz_security_token", "x_amz_credential", "x_goog_signature", "x_goog_credential", "code", "session",
            "sessionid", "session_id", "sid", "jwt", "private_token", "access_key", "secret_key", "otp",
        ] { d[k] = .secret }
        for k in [
            "name", "first_name", "firstname", "last_name", "lastname", "full_name", "fullname", "surname",
            "given_name", "family_name", "username", "user_name", "user", "login",
        ] { d[k] = .name }
        for k in ["phone", "tel", "mobile", "phone_number", "phonenumber", "msisdn", "cell"] { d[k] = .phone }
        for k in ["ip", "ip_address", "client_ip", "remote_ip"] { d[k] = .ipAddress }
        for k in ["ssn", "pesel", "nino", "national_id"] { d[k] = .nationalID }
        for k in ["address", "street", "addr", "home_address"] { d[k] = .address }
        d["iban"] = .iban
        return d
    }()
}
