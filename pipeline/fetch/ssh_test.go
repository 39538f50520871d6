package fetch

import (
	"crypto/ed25519"
	"crypto/rand"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	git "github.com/go-git/go-git/v5"
	"github.com/skeema/knownhosts"
	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"

	"github.com/pysurvey/pysurvey/pipeline/fetch/gitserver"
	"github.com/pysurvey/pysurvey/pipeline/gitrepo"
)

// sshFixture is an SSH server with real git upload-pack serving one
// repository, the key it lets in, and a known_hosts file that knows it.
type sshFixture struct {
	srv        *gitserver.SSH
	root       string
	key        string // the private key file
	pub        ssh.PublicKey
	knownHosts string
	commit     string
}

func newSSHFixture(t *testing.T, passphrase string) *sshFixture {
	t.Helper()
	needGit(t)
	dir := t.TempDir()
	f := &sshFixture{root: filepath.Join(dir, "srv"), key: filepath.Join(dir, "id_ed25519"), knownHosts: filepath.Join(dir, "known_hosts")}
	f.commit = upstream(t, f.root, "app", fstest.MapFS{"app/main.py": {Data: []byte("import flask\n")}}).String()
	f.pub = gitserver.UserKey(t, f.key, passphrase)
	f.srv = gitserver.NewSSH(t, f.root, f.pub)
	if err := os.WriteFile(f.knownHosts, []byte(f.srv.KnownHosts()), 0o644); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *sshFixture) url() string { return "ssh://git@" + f.srv.Addr + "/app.git" }

// From cron: an ssh remote is cloned with a key file (no agent), its
// host checked against a known_hosts file; the next run fetches into it.
func TestSSHKeyFromCron(t *testing.T) {
	f := newSSHFixture(t, "")
	cache := t.TempDir()
	creds := Credentials{SSHKey: f.key, KnownHosts: f.knownHosts}
	p, err := prepare(t, f.url(), Options{CacheDir: cache, Credentials: creds}, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if p.Commit.Hash.String() != f.commit {
		t.Fatalf("commit %s, want %s", p.Commit.Hash, f.commit)
	}
	repo, err := git.PlainOpen(filepath.Join(f.root, "app.git"))
	if err != nil {
		t.Fatal(err)
	}
	next, err := gitrepo.Commit(repo, fstest.MapFS{"app/main.py": {Data: []byte("import django\n")}}, gitrepo.Options{Bare: true, Message: "next"}, "")
	if err != nil {
		t.Fatal(err)
	}
	p2, err := prepare(t, f.url(), Options{CacheDir: cache, Credentials: creds}, time.Minute)
	if err != nil || p2.Commit.Hash != next || p2.GitDir != p.GitDir || len(packs(t, p.GitDir)) != 2 {
		t.Fatalf("fetch into the clone: %v, commit %v, packs %v", err, p2.Commit, packs(t, p.GitDir))
	}
	// scp-style addresses go the same way.
	host, port, _ := net.SplitHostPort(f.srv.Addr)
	if port != "22" {
		_, err := prepare(t, "git@"+host+":app.git", Options{Credentials: creds}, 10*time.Second)
		if err == nil || !strings.Contains(err.Error(), host+":22") {
			t.Errorf("scp-style address to port 22: %v", err)
		}
	}
}

// Refusals that trying again cannot fix fail at once, and say what to do.
func TestSSHRefusalsSayWhatToDo(t *testing.T) {
	f := newSSHFixture(t, "s3cret passphrase")
	other := filepath.Join(t.TempDir(), "other")
	gitserver.UserKey(t, other, "")
	empty := filepath.Join(t.TempDir(), "known_hosts")
	os.WriteFile(empty, nil, 0o644)
	_, hostKey, _ := ed25519.GenerateKey(rand.Reader)
	signer, _ := ssh.NewSignerFromKey(hostKey)
	changed := filepath.Join(t.TempDir(), "known_hosts")
	os.WriteFile(changed, []byte(knownhosts.Line([]string{f.srv.Addr}, signer.PublicKey())+"\n"), 0o644)
	host, port, _ := net.SplitHostPort(f.srv.Addr)
	tests := []struct {
		name  string
		creds Credentials
		url   string
		want  string
	}{
		{"unknown host", Credentials{SSHKey: f.key, SSHPassphrase: "s3cret passphrase", KnownHosts: empty},
			f.url(), "ssh host [" + host + "]:" + port + " is unknown: its key (ssh-ed25519 SHA256:"},
		{"unknown host, says how to add it", Credentials{SSHKey: f.key, SSHPassphrase: "s3cret passphrase", KnownHosts: empty},
			f.url(), "then add it: ssh-keyscan -p " + port + " " + host + " >> " + empty + " (or pass --known-hosts FILE)"},
		{"no known_hosts file", Credentials{SSHKey: f.key, SSHPassphrase: "s3cret passphrase", KnownHosts: filepath.Join(t.TempDir(), "none")},
			f.url(), "is unknown"},
		{"changed host key", Credentials{SSHKey: f.key, SSHPassphrase: "s3cret passphrase", KnownHosts: changed},
			f.url(), "has CHANGED"},
		{"key not authorized", Credentials{SSHKey: other, KnownHosts: f.knownHosts},
			f.url(), "ssh authentication as git on " + f.srv.Addr + " failed with key " + other},
		{"encrypted key without passphrase", Credentials{SSHKey: f.key, KnownHosts: f.knownHosts},
			f.url(), "is encrypted: set PYSURVEY_SSH_PASSPHRASE"},
		{"wrong passphrase", Credentials{SSHKey: f.key, SSHPassphrase: "wrong", KnownHosts: f.knownHosts},
			f.url(), "wrong passphrase"},
		{"no key at all", Credentials{KnownHosts: f.knownHosts}, f.url(), "no ssh key: pass --ssh-key FILE"},
		{"repository not found", Credentials{SSHKey: f.key, SSHPassphrase: "s3cret passphrase", KnownHosts: f.knownHosts},
			"ssh://git@" + f.srv.Addr + "/nothing.git", "the server says: ERROR: Repository not found."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := prepare(t, tt.url, Options{Credentials: tt.creds, Retries: 2, RetryWait: time.Millisecond}, 30*time.Second)
			if err == nil || !strings.Contains(err.Error(), tt.want) || p.Attempts != 1 {
				t.Errorf("attempts %d, error %v\nwant %q", p.Attempts, err, tt.want)
			}
			if strings.Contains(err.Error(), "s3cret") {
				t.Errorf("the passphrase leaks: %v", err)
			}
		})
	}
	// With the passphrase, the key opens.
	creds := Credentials{SSHKey: f.key, SSHPassphrase: "s3cret passphrase", KnownHosts: f.knownHosts}
	if _, err := prepare(t, f.url(), Options{Credentials: creds}, time.Minute); err != nil {
		t.Errorf("with the passphrase: %v", err)
	}
}

// Without a key file the agent is used, when there is one.
func TestSSHAgentWhenNoKeyIsGiven(t *testing.T) {
	needGit(t)
	root := t.TempDir()
	want := upstream(t, root, "app", fstest.MapFS{"a.py": {Data: []byte("a = 1\n")}})
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	keyring := agent.NewKeyring()
	if err := keyring.Add(agent.AddedKey{PrivateKey: priv}); err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(t.TempDir(), "agent.sock")
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Skipf("no unix sockets: %v", err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go agent.ServeAgent(keyring, c)
		}
	}()
	signer, _ := ssh.NewSignerFromKey(priv)
	srv := gitserver.NewSSH(t, root, signer.PublicKey())
	kh := filepath.Join(t.TempDir(), "known_hosts")
	os.WriteFile(kh, []byte(srv.KnownHosts()), 0o644)
	p, err := prepare(t, "ssh://git@"+srv.Addr+"/app.git", Options{Credentials: Credentials{SSHAgent: sock, KnownHosts: kh}}, time.Minute)
	if err != nil || p.Commit.Hash != want {
		t.Fatalf("through the agent: %v", err)
	}
}
