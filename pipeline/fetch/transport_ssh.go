package fetch

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/url"
	"os"
	"strings"
	"sync"

	"github.com/skeema/knownhosts"
	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"
)

// sshTarget is where an ssh URL points.
type sshTarget struct {
	user, host, port, path string
}

func (t sshTarget) addr() string { return net.JoinHostPort(t.host, t.port) }

// parseSSH parses ssh://[user@]host[:port]/path and [user@]host:path.
func parseSSH(cloneURL string) (sshTarget, error) {
	t := sshTarget{user: "git", port: "22"}
	if rest, ok := strings.CutPrefix(cloneURL, "ssh://"); ok {
		u, err := url.Parse("ssh://" + rest)
		if err != nil {
			return t, fmt.Errorf("parsing ssh URL: %w", err)
		}
		if u.User != nil && u.User.Username() != "" {
			t.user = u.User.Username()
		}
		t.host, t.path = u.Hostname(), u.Path
		if p := u.Port(); p != "" {
			t.port = p
		}
		// ssh://host/~user/repo names a path in a home directory.
		if strings.HasPrefix(t.path, "/~") {
			t.path = t.path[1:]
		}
	} else {
		userHost, path, ok := strings.Cut(cloneURL, ":")
		if !ok {
			return t, fmt.Errorf("malformed ssh address %q", cloneURL)
		}
		if user, host, ok := strings.Cut(userHost, "@"); ok {
			t.user, t.host = user, host
		} else {
			t.host = userHost
		}
		t.host = strings.TrimSuffix(strings.TrimPrefix(t.host, "["), "]")
		t.path = path
	}
	if t.host == "" || t.path == "" {
		return t, fmt.Errorf("malformed ssh address %q", cloneURL)
	}
	return t, nil
}

// shellQuote quotes a path for the remote shell, as git does.
func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// dialSSH opens an ssh session running git-upload-pack.
func dialSSH(ctx context.Context, cloneURL string, creds Credentials, phase func(string)) (conn, error) {
	t, err := parseSSH(cloneURL)
	if err != nil {
		return nil, err
	}
	auth, closeAuth, err := sshAuth(creds)
	if err != nil {
		return nil, err
	}
	hostKeys, algorithms, err := hostKeyCheck(creds.KnownHosts, t)
	if err != nil {
		closeAuth()
		return nil, err
	}
	config := &ssh.ClientConfig{User: t.user, Auth: auth, HostKeyCallback: hostKeys, HostKeyAlgorithms: algorithms}
	c, err := dialTCP(ctx, t.addr(), phase)
	if err != nil {
		closeAuth()
		return nil, err
	}
	stop := deadlineConn(ctx, c)
	fail := func(err error) (conn, error) {
		stop()
		c.Close()
		closeAuth()
		return nil, err
	}
	phase("in the ssh handshake with " + t.addr())
	sc, chans, reqs, err := ssh.NewClientConn(c, t.addr(), config)
	if err != nil {
		return fail(sshError(err, t, creds))
	}
	client := ssh.NewClient(sc, chans, reqs)
	sess, err := client.NewSession()
	if err != nil {
		client.Close()
		return fail(fmt.Errorf("ssh session with %s: %w", t.addr(), err))
	}
	stderr := &tailBuffer{max: maxStderr}
	sess.Stderr = stderr
	stdin, err := sess.StdinPipe()
	if err != nil {
		client.Close()
		return fail(err)
	}
	stdout, err := sess.StdoutPipe()
	if err != nil {
		client.Close()
		return fail(err)
	}
	if err := sess.Start("git-upload-pack " + shellQuote(t.path)); err != nil {
		client.Close()
		return fail(fmt.Errorf("running git-upload-pack on %s: %w", t.addr(), err))
	}
	var once sync.Once
	var waitErr error
	wait := func() error { once.Do(func() { waitErr = sess.Wait() }); return waitErr }
	return &streamConn{stdin: stdin, stdout: stdout, stderr: stderr, wait: wait, phase: phase, what: t.addr(),
		closer: func() { sess.Close(); client.Close(); stop(); c.Close(); closeAuth() }}, nil
}

// sshAuth returns the ways to authenticate: the key file when given,
// else the agent when there is one, else the default key files that exist.
func sshAuth(creds Credentials) ([]ssh.AuthMethod, func(), error) {
	nothing := func() {}
	if creds.SSHKey != "" {
		signer, err := readSSHKey(creds.SSHKey, creds.SSHPassphrase)
		if err != nil {
			return nil, nothing, err
		}
		return []ssh.AuthMethod{ssh.PublicKeys(signer)}, nothing, nil
	}
	if creds.SSHAgent != "" {
		c, err := net.Dial("unix", creds.SSHAgent)
		if err != nil {
			return nil, nothing, fmt.Errorf("connecting to the ssh agent (SSH_AUTH_SOCK): %w", err)
		}
		return []ssh.AuthMethod{ssh.PublicKeysCallback(agent.NewClient(c).Signers)}, func() { c.Close() }, nil
	}
	var signers []ssh.Signer
	for _, path := range creds.DefaultSSHKeys {
		signer, err := readSSHKey(path, creds.SSHPassphrase)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, nothing, err
		}
		signers = append(signers, signer)
	}
	if len(signers) == 0 {
		return nil, nothing, errors.New("no ssh key: pass --ssh-key FILE (or set PYSURVEY_SSH_KEY), or run an ssh agent")
	}
	return []ssh.AuthMethod{ssh.PublicKeys(signers...)}, nothing, nil
}

// readSSHKey reads a private key, decrypting it with passphrase.
func readSSHKey(path, passphrase string) (ssh.Signer, error) {
	pem, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading ssh key: %w", err)
	}
	signer, err := ssh.ParsePrivateKey(pem)
	var missing *ssh.PassphraseMissingError
	switch {
	case errors.As(err, &missing) && passphrase == "":
		return nil, fmt.Errorf("ssh key %s is encrypted: set PYSURVEY_SSH_PASSPHRASE", path)
	case errors.As(err, &missing):
		signer, err = ssh.ParsePrivateKeyWithPassphrase(pem, []byte(passphrase))
		if errors.Is(err, x509.IncorrectPasswordError) {
			return nil, fmt.Errorf("ssh key %s: wrong passphrase (PYSURVEY_SSH_PASSPHRASE)", path)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("ssh key %s: %w", path, err)
	}
	return signer, nil
}

// hostKeyCheck returns the callback that checks a server's host key
// against the known hosts file, and the key algorithms to ask for (those
// the file has for the host, so that the server offers a key it can match).
func hostKeyCheck(file string, t sshTarget) (ssh.HostKeyCallback, []string, error) {
	var db *knownhosts.HostKeyDB
	if file != "" {
		var err error
		db, err = knownhosts.NewDB(file)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, nil, fmt.Errorf("reading known hosts: %w", err)
		}
	}
	check := func(hostname string, remote net.Addr, key ssh.PublicKey) error {
		if db == nil {
			return &hostKeyError{target: t, file: file, key: key}
		}
		err := db.HostKeyCallback()(hostname, remote, key)
		switch {
		case knownhosts.IsHostUnknown(err):
			return &hostKeyError{target: t, file: file, key: key}
		case knownhosts.IsHostKeyChanged(err):
			return &hostKeyError{target: t, file: file, key: key, changed: true}
		}
		return err
	}
	var algorithms []string
	if db != nil {
		algorithms = db.HostKeyAlgorithms(t.addr())
	}
	return check, algorithms, nil
}

// hostKeyError refuses a server whose host key is not known, saying how
// to make it known.
type hostKeyError struct {
	target  sshTarget
	file    string
	key     ssh.PublicKey
	changed bool
}

func (e *hostKeyError) Error() string {
	fp := e.key.Type() + " " + ssh.FingerprintSHA256(e.key)
	name := knownhosts.Normalize(e.target.addr())
	file := e.file
	if file == "" {
		file = "~/.ssh/known_hosts"
	}
	if e.changed {
		return fmt.Sprintf("ssh host key of %s has CHANGED (it now offers %s, not the key in %s): someone may be intercepting the connection, "+
			"or the host was reinstalled; check with its administrators before replacing the key in %s", name, fp, file, file)
	}
	scan := "ssh-keyscan " + e.target.host
	if e.target.port != "22" {
		scan = "ssh-keyscan -p " + e.target.port + " " + e.target.host
	}
	return fmt.Sprintf("ssh host %s is unknown: its key (%s) is not in %s. Check the fingerprint with the host's administrators, "+
		"then add it: %s >> %s (or pass --known-hosts FILE)", name, fp, file, scan, file)
}

// sshError explains a failed ssh handshake.
func sshError(err error, t sshTarget, creds Credentials) error {
	var hk *hostKeyError
	if errors.As(err, &hk) {
		return hk
	}
	if strings.Contains(err.Error(), "unable to authenticate") {
		with := "the ssh agent's keys"
		switch {
		case creds.SSHKey != "":
			with = "key " + creds.SSHKey
		case creds.SSHAgent == "":
			with = "the default keys (~/.ssh/id_*)"
		}
		return &authError{fmt.Sprintf("ssh authentication as %s on %s failed with %s: is its public key authorized there?", t.user, t.addr(), with)}
	}
	return fmt.Errorf("ssh handshake with %s: %w", t.addr(), err)
}

// authError is a refusal of the credentials: not worth retrying.
type authError struct{ msg string }

func (e *authError) Error() string { return e.msg }
