package gitserver

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/skeema/knownhosts"
	"golang.org/x/crypto/ssh"
)

// SSH is an SSH server on 127.0.0.1 that lets in one key and runs
// git-upload-pack commands with the real git, on the repositories under
// its root.
type SSH struct {
	// Addr is the server's host:port.
	Addr    string
	hostKey ssh.Signer
	ln      net.Listener
	mu      sync.Mutex
	conns   []net.Conn
	wg      sync.WaitGroup
}

// NewSSH starts an SSH server serving root to the holder of authorized;
// it is stopped when the test ends.
func NewSSH(t testing.TB, root string, authorized ssh.PublicKey) *SSH {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	hostKey, err := ssh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	config := &ssh.ServerConfig{PublicKeyCallback: func(_ ssh.ConnMetadata, key ssh.PublicKey) (*ssh.Permissions, error) {
		if bytes.Equal(key.Marshal(), authorized.Marshal()) {
			return nil, nil
		}
		return nil, errors.New("key not authorized")
	}}
	config.AddHostKey(hostKey)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &SSH{Addr: ln.Addr().String(), hostKey: hostKey, ln: ln}
	s.wg.Go(func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.mu.Lock()
			s.conns = append(s.conns, c)
			s.mu.Unlock()
			s.wg.Go(func() { s.serve(c, config, root) })
		}
	})
	t.Cleanup(s.close)
	return s
}

func (s *SSH) close() {
	s.ln.Close()
	s.mu.Lock()
	for _, c := range s.conns {
		c.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
}

// KnownHosts returns the known_hosts line of the server's host key.
func (s *SSH) KnownHosts() string {
	return knownhosts.Line([]string{s.Addr}, s.hostKey.PublicKey()) + "\n"
}

// serve runs the sessions of one connection: each an exec of
// git-upload-pack 'PATH'.
func (s *SSH) serve(c net.Conn, config *ssh.ServerConfig, root string) {
	defer c.Close()
	_, chans, reqs, err := ssh.NewServerConn(c, config)
	if err != nil {
		return
	}
	go ssh.DiscardRequests(reqs)
	for nc := range chans {
		if nc.ChannelType() != "session" {
			nc.Reject(ssh.UnknownChannelType, "sessions only")
			continue
		}
		ch, creqs, err := nc.Accept()
		if err != nil {
			continue
		}
		go session(ch, creqs, root)
	}
}

func session(ch ssh.Channel, reqs <-chan *ssh.Request, root string) {
	defer ch.Close()
	for req := range reqs {
		if req.Type != "exec" {
			req.Reply(false, nil)
			continue
		}
		var cmdline struct{ Command string }
		if ssh.Unmarshal(req.Payload, &cmdline) != nil {
			req.Reply(false, nil)
			return
		}
		req.Reply(true, nil)
		status := uint32(1)
		path, ok := strings.CutPrefix(cmdline.Command, "git-upload-pack '")
		path, ok2 := strings.CutSuffix(path, "'")
		if !ok || !ok2 || strings.Contains(path, "..") {
			ch.Stderr().Write([]byte("fatal: unknown command\n"))
		} else if dir := filepath.Join(root, filepath.FromSlash(strings.TrimPrefix(path, "/"))); !exists(dir) {
			ch.Stderr().Write([]byte("ERROR: Repository not found.\n"))
		} else {
			cmd := exec.Command("git", "upload-pack", dir)
			cmd.Stdin, cmd.Stdout, cmd.Stderr = ch, ch, ch.Stderr()
			cmd.Env = append(os.Environ(), "GIT_PROTOCOL=")
			if cmd.Run() == nil {
				status = 0
			}
		}
		ch.SendRequest("exit-status", false, ssh.Marshal(struct{ Status uint32 }{status}))
		return
	}
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// Silent starts a TCP server on 127.0.0.1 that accepts connections and
// never says a word, as a hung ssh server does; it returns its address.
// Connections are closed when the test ends.
func Silent(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	return ln.Addr().String()
}

// UserKey makes an ed25519 key for an ssh client, written in OpenSSH
// format to path (encrypted when passphrase is set); it returns the
// public key to authorize.
func UserKey(t testing.TB, path, passphrase string) ssh.PublicKey {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	var block *pem.Block
	if passphrase == "" {
		block, err = ssh.MarshalPrivateKey(priv, "pysurvey test")
	} else {
		block, err = ssh.MarshalPrivateKeyWithPassphrase(priv, "pysurvey test", []byte(passphrase))
	}
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	sshPub, err := ssh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return sshPub
}
