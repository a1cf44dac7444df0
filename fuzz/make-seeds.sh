#!/usr/bin/env bash
# Rebuilds the seed corpora in fuzz/corpus/ from real tools: ssh-keygen and gpg signatures, a git
# repository's raw commits, the bundled controlled documents and roles. The committed seeds came
# from this script; run it again only to refresh them (keys are new each time).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
corpus="$here/corpus"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export GNUPGHOME="$work/gnupg"
mkdir -m 700 "$GNUPGHOME"
seed() { mkdir -p "$corpus/$1"; cat > "$corpus/$1/$2"; }

# SSH: one key of each accepted type; the binary SSHSIG blob and the public key blob.
printf 'tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor A <a@example.test> 1767225600 +0000\n\nmessage\n' > "$work/payload"
for type in ed25519 ecdsa rsa; do
  ssh-keygen -q -t "$type" -N '' -C "$type@example.test" -f "$work/$type" $( [ "$type" = rsa ] && echo -b 2048 )
  ssh-keygen -q -Y sign -n git -f "$work/$type" "$work/payload"
  sed '1d;$d' "$work/payload.sig" | tr -d '\n' | base64 -d | seed FuzzSSHSignature "sshsig-$type"
  cut -d' ' -f2 "$work/$type.pub" | base64 -d | seed FuzzSSHSignature "key-$type"
  rm "$work/payload.sig"
done
ssh-keygen -q -Y sign -n file -f "$work/ed25519" "$work/payload"
sed '1d;$d' "$work/payload.sig" | tr -d '\n' | base64 -d | seed FuzzSSHSignature "sshsig-namespace-file"

# allowed_signers and revoked_keys lines as stet's users write them.
{
  echo "# roles/allowed_signers"
  echo "ada@example.test $(cut -d' ' -f1,2 "$work/ed25519.pub")"
  echo "bob@example.test,robert@example.test namespaces=\"git\",valid-after=\"20250101Z\",valid-before=\"20301231235959Z\" $(cut -d' ' -f1,2 "$work/ecdsa.pub")"
  echo "\"carol@example.test\" namespaces=\"git,file\" $(cut -d' ' -f1,2 "$work/rsa.pub") carol's laptop"
  echo "ca@example.test cert-authority $(cut -d' ' -f1,2 "$work/ed25519.pub")"
} | seed FuzzAllowedSigners allowed_signers
{
  echo "# roles/revoked_keys"
  cut -d' ' -f1,2 "$work/rsa.pub"
  echo "68CF A632 7150 F805 5F30  C10B 267C 06C0 8255 F1FF"
} | seed FuzzAllowedSigners revoked_keys

# OpenPGP: the fuzz target's own key (its certificate is in FuzzOpenPGPSignature.swift), a
# second Ed25519 key with a signing subkey, an RSA key, and a revoked key.
if [ -n "${FUZZ_GNUPGHOME:-}" ]; then cp -r "$FUZZ_GNUPGHOME/." "$GNUPGHOME/"; rm -f "$GNUPGHOME"/S.*; fi
# FUZZ_GNUPGHOME: a GnuPG home holding the secret key of the certificate in
# FuzzOpenPGPSignature.swift, so that the signature seeds verify; without it a new key is made.
gpg -q --batch --list-keys fuzz@example.test >/dev/null 2>&1 ||
  gpg -q --batch --passphrase '' --quick-gen-key 'Fuzz <fuzz@example.test>' ed25519 sign never
gpg -q --batch --passphrase '' --quick-gen-key 'Sub Key <sub@example.test>' ed25519 cert never
fpr=$(gpg --batch --with-colons --list-keys sub@example.test | awk -F: '/^fpr/ {print $10; exit}')
gpg -q --batch --passphrase '' --quick-add-key "$fpr" ed25519 sign 2y
gpg -q --batch --passphrase '' --quick-gen-key 'Rsa Key <rsa@example.test>' rsa3072 sign never
gpg -q --batch --passphrase '' --quick-gen-key 'Gone <gone@example.test>' ed25519 sign never
gone=$(gpg --batch --with-colons --list-keys gone@example.test | awk -F: '/^fpr/ {print $10; exit}')
# gpg writes the revocation with a ':' before its armour so it is not imported by accident.
sed 's/^:-----/-----/' "$GNUPGHOME/openpgp-revocs.d/$gone.rev" > "$work/gone.rev"
gpg -q --batch --import "$work/gone.rev"
for who in fuzz sub rsa gone; do gpg --batch --export "$who@example.test" | seed FuzzOpenPGPKey "key-$who"; done
for who in fuzz sub rsa; do
  gpg --batch --local-user "$who@example.test" --detach-sign --digest-algo SHA256 -o "$work/sig-$who" "$work/payload"
  { cat "$work/sig-$who"; printf '\0'; cat "$work/payload"; } | seed FuzzOpenPGPSignature "signature-$who"
done
gpg --batch --local-user fuzz@example.test --armor --detach-sign -o "$work/sig.asc" "$work/payload"
{ cat "$work/sig.asc"; printf '\0'; cat "$work/payload"; } | seed FuzzOpenPGPSignature "armored-fuzz"

# Raw commits: unsigned, SSH-signed, OpenPGP-signed, a merge, with trailers.
repo="$work/repo"
git init -q -b main "$repo"
g() { git -C "$repo" -c user.name='Ada Lovelace' -c user.email=ada@example.test -c gpg.ssh.program=ssh-keygen "$@"; }
echo one > "$repo/a.md"; g add a.md; g commit -q -m "First"
echo two >> "$repo/a.md"; g add a.md
g -c gpg.format=ssh -c user.signingkey="$work/ed25519" commit -q -S -m "Approve SOP-QA-001 revision 2" -m "Approves: SOP-QA-001@2
Meaning: Approved"
g checkout -q -b side HEAD~1; echo side > "$repo/b.md"; g add b.md
g -c user.signingkey=fuzz@example.test commit -q -S -m "Side" -m "Reviewed: SOP-QA-001@2"
g checkout -q main; g merge -q --no-ff -m "Merge side" side
n=0
for c in $(g rev-list --all); do n=$((n + 1)); g cat-file commit "$c" | seed FuzzCommitObject "commit-$n"; done

# YAML and front matter: the bundled configuration, roles and documents.
mkdir -p "$corpus/FuzzStrictYAML" "$corpus/FuzzMarkdown"
cp "$root/stet.yaml" "$corpus/FuzzStrictYAML/"
cp "$root/roles/people.yaml" "$root/roles/roles.yaml" "$corpus/FuzzStrictYAML/"
for doc in $(find "$root/controlled-docs" -name '*.md' | sort | head -6); do cp "$doc" "$corpus/FuzzStrictYAML/"; done

# Training records.
printf 'person,document,revision,completed,method,trainer\nada,SOP-QA-001,1,2026-01-05,read-and-understood,\nada,SOP-QA-001,2,2026-02-01,"classroom, hall B","Bob ""the trainer"""\nbob,WI-LAB-002,3,2026-03-04,,\n' | seed FuzzTrainingCSV records.csv
printf 'person,document,revision,completed\r\nada,WI-LAB-002,3,2026-02-29\r\nzed,SOP-QA-001,1,2026-01-01\r\n' | seed FuzzTrainingCSV crlf.csv

# Markdown: the bundled documents' bodies, and tables, HTML, links, nesting.
for doc in $(find "$root/controlled-docs" -name '*.md' | sort | head -4); do cp "$doc" "$corpus/FuzzMarkdown/"; done
cat > "$corpus/FuzzMarkdown/constructs.md" <<'MD'
# Title

| Step | Who | Record |
|:-----|:---:|-------:|
| 1 | QA | [form](../forms/FRM-001.md) |
| 2 | ~~Lab~~ | `code` |

- [x] done
- [ ] todo
  1. nested
     > quote **strong** _em_ <https://example.test>

<div onclick="x()"><script>alert(1)</script></div> <!-- comment --> <?php ?> <![CDATA[x]]>

![image](images/a.png "title") [ref][r] www.example.test

[r]: https://example.test/ref
MD

# The pre-scan starts from the same documents; its near-limit seeds (openers.md, table.md,
# emphasis.md, references.md) were written by hand and are left in place.
mkdir -p "$corpus/FuzzMarkdownLimits"
cp "$corpus/FuzzMarkdown/"* "$corpus/FuzzMarkdownLimits/"

# Word diff: two texts separated by a NUL.
{ printf 'The operator records the weight.\nThen signs.\n'; printf '\0'; printf 'The operator records the net weight.\nThen signs and dates.\n'; } | seed FuzzWordDiff sentence
{ cat "$corpus/FuzzMarkdown/constructs.md"; printf '\0'; sed 's/QA/Quality/' "$corpus/FuzzMarkdown/constructs.md"; } | seed FuzzWordDiff document
echo "seeds written to $corpus: $(find "$corpus" -type f | wc -l) files, $(du -sh "$corpus" | cut -f1)"
