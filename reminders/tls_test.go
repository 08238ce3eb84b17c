package reminders

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"paidup/reminders/mailpittest"
)

// selfSigned makes a certificate for 127.0.0.1 signed by itself, writes
// it and its key as PEM files and returns a pool that trusts it.
func selfSigned(t *testing.T) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	must(t, err)
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "Paidup test SMTP"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1")},
		DNSNames:              []string{"localhost"},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	must(t, err)
	cert, err := x509.ParseCertificate(der)
	must(t, err)
	keyDER, err := x509.MarshalECPrivateKey(key)
	must(t, err)
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	must(t, os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600))
	must(t, os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600))
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	return certFile, keyFile, pool
}

func authFile(t *testing.T) string {
	t.Helper()
	f := filepath.Join(t.TempDir(), "auth")
	must(t, os.WriteFile(f, []byte("paidup:s3cret-Pässword\n"), 0o600))
	return f
}

func testMessage(to string) *Message {
	return &Message{MessageID: "<t1@nordlicht.example>", Date: testNow, From: "accounts@nordlicht.example", To: to,
		Subject: "test", Text: "hello\n"}
}

func sendOne(t *testing.T, cfg SMTPConfig) (string, error) {
	t.Helper()
	m, err := NewSMTPMailer(cfg)
	if err != nil {
		return "", err
	}
	defer m.Close()
	return m.Send(context.Background(), testMessage("ap@acme.example"))
}

func fateIs(t *testing.T, err error, want Fate, text string) {
	t.Helper()
	var se *SendError
	if !errors.As(err, &se) || se.Fate != want || !strings.Contains(err.Error(), text) {
		t.Fatalf("got %v, want a %s failure saying %q", err, want, text)
	}
}

func TestSMTPSTARTTLS(t *testing.T) {
	cert, key, pool := selfSigned(t)
	srv := mailpittest.Start(t, mailpittest.Options{TLSCert: cert, TLSKey: key, RequireSTARTTLS: true, AuthFile: authFile(t)})
	cfg := SMTPConfig{Host: "127.0.0.1", Port: srv.SMTPPort, Security: SecuritySTARTTLS, Username: "paidup",
		Password: "s3cret-Pässword", Timeout: 10 * time.Second}

	t.Run("OK", func(t *testing.T) {
		c := cfg
		c.rootCAs = pool
		resp, err := sendOne(t, c)
		if err != nil || !strings.HasPrefix(resp, "250 ") {
			t.Fatalf("%q %v", resp, err)
		}
		if n := len(srv.Messages()); n != 1 {
			t.Fatalf("%d messages", n)
		}
	})
	t.Run("ErrUntrusted", func(t *testing.T) {
		_, err := sendOne(t, cfg) // the system roots do not know our certificate
		fateIs(t, err, Setup, "not trusted")
	})
	t.Run("ErrWrongPassword", func(t *testing.T) {
		c := cfg
		c.rootCAs, c.Password = pool, "wrong"
		_, err := sendOne(t, c)
		fateIs(t, err, Setup, "AUTH")
	})
	t.Run("ErrNoTLSOnServer", func(t *testing.T) {
		plain := mailpittest.Start(t, mailpittest.Options{})
		c := cfg
		c.Port, c.Username = plain.SMTPPort, ""
		_, err := sendOne(t, c) // starttls is required, not hoped for
		fateIs(t, err, Setup, "STARTTLS")
	})
}

func TestSMTPImplicitTLS(t *testing.T) {
	cert, key, pool := selfSigned(t)
	srv := mailpittest.Start(t, mailpittest.Options{TLSCert: cert, TLSKey: key, RequireTLS: true})
	resp, err := sendOne(t, SMTPConfig{Host: "127.0.0.1", Port: srv.SMTPPort, Security: SecurityTLS, rootCAs: pool})
	if err != nil || !strings.HasPrefix(resp, "250 ") {
		t.Fatalf("%q %v", resp, err)
	}
}

func TestSMTPPlaintextAuth(t *testing.T) {
	srv := mailpittest.Start(t, mailpittest.Options{AuthFile: authFile(t), AllowInsecureAuth: true})
	cfg := SMTPConfig{Host: "127.0.0.1", Port: srv.SMTPPort, Security: SecurityNone, Username: "paidup", Password: "s3cret-Pässword"}
	t.Run("RefusedByDefault", func(t *testing.T) {
		_, err := sendOne(t, cfg)
		fateIs(t, err, Setup, "smtp.allow_insecure_auth")
		if n := len(srv.Messages()); n != 0 {
			t.Fatalf("%d messages", n)
		}
	})
	t.Run("AllowedWhenSet", func(t *testing.T) {
		c := cfg
		c.AllowInsecureAuth = true
		if resp, err := sendOne(t, c); err != nil || !strings.HasPrefix(resp, "250 ") {
			t.Fatalf("%q %v", resp, err)
		}
	})
}

func TestPassword(t *testing.T) {
	cfg := SMTPConfig{Host: "smtp.example.com", Username: "accounts@nordlicht.example"}
	t.Setenv(PasswordEnv, "")
	t.Run("Keyring", func(t *testing.T) {
		keyring.MockInit()
		if _, err := Password(cfg); err == nil || !strings.Contains(err.Error(), "paidup settings smtp-password") {
			t.Fatalf("no password yet: %v", err)
		}
		must(t, SetPassword(cfg, strings.NewReader("correct horse battery\r\n")))
		if p, err := Password(cfg); p != "correct horse battery" || err != nil {
			t.Fatalf("%q %v", p, err)
		}
		if err := SetPassword(cfg, strings.NewReader("\n")); err == nil {
			t.Fatal("an empty password was taken")
		}
		if err := SetPassword(SMTPConfig{Host: "x"}, strings.NewReader("pw\n")); err == nil || !strings.Contains(err.Error(), "smtp.username") {
			t.Fatalf("no username: %v", err)
		}
	})
	t.Run("EnvironmentFirst", func(t *testing.T) {
		t.Setenv(PasswordEnv, "from-env")
		if p, err := Password(cfg); p != "from-env" || err != nil {
			t.Fatalf("%q %v", p, err)
		}
	})
	t.Run("NoKeyring", func(t *testing.T) {
		// What a headless Linux box without a Secret Service says.
		keyring.MockInitWithError(errors.New(`exec: "dbus-launch": executable file not found in $PATH`))
		_, err := Password(cfg)
		if err == nil || !strings.Contains(err.Error(), PasswordEnv) || !strings.Contains(err.Error(), "dbus-launch") {
			t.Fatalf("got %v", err)
		}
		err = SetPassword(cfg, strings.NewReader("pw\n"))
		if err == nil || !strings.Contains(err.Error(), "not stored") || !strings.Contains(err.Error(), PasswordEnv) {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("NoUsername", func(t *testing.T) {
		if p, err := Password(SMTPConfig{Host: "x"}); p != "" || err != nil {
			t.Fatalf("%q %v", p, err)
		}
	})
}
