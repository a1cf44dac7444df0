import Records
import Signatures

/// Cross-references within the configuration: every role named exists, every
/// key belongs to a person.
public enum ConfigurationChecks {
    public static func findings(in records: RecordSet) -> [Finding] {
        var findings: [Finding] = []
        let roles = records.roles
        let configuration = records.configuration
        func unknownRole(_ role: RoleID, file: String, line: Int, where place: String) {
            let suggestion = closest(to: role.rawValue, among: roles.keys.map(\.rawValue)).map { " (did you mean '\($0)'?)" } ?? ""
            findings.append(
                Finding(
                    .unknownRole, file: file, line: line,
                    message:
                        "\(place) names the role '\(role)', which is not defined in roles/roles.yaml\(suggestion); define it there or correct the name"
                ))
        }
        for (role, line) in zip(configuration.adminRoles, configuration.adminRoleLines) where roles[role] == nil {
            unknownRole(role, file: Configuration.path, line: line, where: "admin-roles")
        }
        for type in configuration.sortedTypes {
            for (role, line) in zip(type.approvals, type.approvalLines) where role != .owner && roles[role] == nil {
                unknownRole(role, file: Configuration.path, line: line, where: "the approvals of type \(type.code)")
            }
        }
        for person in records.sortedPeople {
            for (role, line) in zip(person.roles, person.roleLines) where roles[role] == nil {
                unknownRole(role, file: Directory.peoplePath, line: line, where: "person \(person.id)")
            }
        }
        if !configuration.sites.isEmpty {
            let declared = configuration.sortedSites.map(\.id.rawValue)
            for person in records.sortedPeople {
                guard let site = person.site, configuration.sites[site] == nil else { continue }
                let hint = closest(to: site.rawValue, among: declared).map { " (did you mean \($0)?)" } ?? ""
                findings.append(
                    Finding(
                        .danglingReference, file: Directory.peoplePath, line: person.line,
                        message:
                            "person \(person.id) works at site '\(site)', which is not a site of stet.yaml\(hint) (the sites are \(declared.joined(separator: ", "))); declare it under sites: or correct it"
                    ))
            }
        }
        let emails = Set(records.people.values.map(\.email.rawValue))
        var ownerOfKey: [SSHPublicKey: (principal: String, line: Int)] = [:]
        for signer in records.signers {
            if signer.principals.count > 1 {
                findings.append(
                    Finding(
                        .unknownPerson, file: AllowedSigners.path, line: signer.line,
                        message:
                            "this key names \(signer.principals.count) principals; a signing key must belong to exactly one person, so list each person with their own key"
                    ))
            }
            if signer.isCertificateAuthority {
                findings.append(
                    Finding(
                        .keyNotValid, file: AllowedSigners.path, line: signer.line,
                        message: "cert-authority keys are not accepted: stet verifies each person's own key; list the person's key instead")
                )
            }
            if let principal = signer.principals.first {
                if let earlier = ownerOfKey[signer.key], earlier.principal.lowercased() != principal.lowercased() {
                    findings.append(
                        Finding(
                            .unknownPerson, file: AllowedSigners.path, line: signer.line,
                            message:
                                "this key is also listed for \(earlier.principal) (line \(earlier.line)); one key cannot belong to two people"
                        ))
                } else if ownerOfKey[signer.key] == nil {
                    ownerOfKey[signer.key] = (principal, signer.line)
                }
            }
            for principal in signer.principals where !emails.contains(principal.lowercased()) {
                let wildcard = principal.contains("*") || principal.contains("?") || principal.hasPrefix("!")
                let why =
                    wildcard
                    ? "uses the pattern '\(principal)'; each key must name exactly one person by e-mail, patterns are not accepted"
                    : "names '\(principal)', which is not the e-mail of anyone in roles/people.yaml; add the person or correct the address"
                findings.append(Finding(.unknownPerson, file: AllowedSigners.path, line: signer.line, message: "this key \(why)"))
            }
        }
        // Read as gpg reads them, so signatures agree with git; but SHA-1 is broken for certifications.
        for certificate in records.openPGP where !certificate.sha1Certifications.isEmpty {
            let fingerprint = certificate.primary.fingerprint
            findings.append(
                Finding(
                    .keyNotValid, severity: .warning, file: certificate.file,
                    message:
                        "the OpenPGP key \(fingerprint) relies on SHA-1 certifications (\(certificate.sha1Certifications.joined(separator: ", "))); they count, as in gpg, but SHA-1 can be forged: have the key's owner re-certify with a strong digest (gpg --cert-digest-algo SHA512 --quick-set-expire \(fingerprint) <expiry>, and the same with '*' for subkeys), export the key again and replace \(certificate.file)"
                ))
        }
        return findings
    }
}
