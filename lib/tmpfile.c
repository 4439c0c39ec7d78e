/*
 * tmpfile.c - temporary files for runs.  They have no name (O_TMPFILE, or
 * unlinked as soon as they are made) and live on as open descriptors, so
 * none is left behind however the process ends.
 */
#define _GNU_SOURCE   /* O_TMPFILE */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "textfeat.h"
#include "spill.h"

const char *
txf_tmpdir(const char *dir)
{
	const char *env;

	if (dir != NULL && dir[0] != '\0')
		return dir;
	env = getenv("TMPDIR");
	return env != NULL && env[0] != '\0' ? env : "/tmp";
}

int
txf_tmpfile(const char *dir)
{
	const char *d = txf_tmpdir(dir);
	size_t n = strlen(d);
	char *path;
	sigset_t hold, old;
	int fd, e;

#ifdef O_TMPFILE
	/* A file without a name from the start, where the kernel and the
	 * file system can make one. */
	fd = open(d, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd >= 0)
		return fd;
	if (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL)
		return TXF_EIO;
#endif
	path = malloc(n + sizeof "/textfeat-run.XXXXXX");
	if (path == NULL)
		return TXF_ENOMEM;
	memcpy(path, d, n);
	memcpy(path + n, "/textfeat-run.XXXXXX", sizeof "/textfeat-run.XXXXXX");
	/* No signal may end the process between the file's creation and its
	 * unlinking: a handler that exits would leave the name behind. */
	sigemptyset(&hold);
	sigaddset(&hold, SIGINT);
	sigaddset(&hold, SIGTERM);
	sigaddset(&hold, SIGHUP);
	sigaddset(&hold, SIGQUIT);
	pthread_sigmask(SIG_BLOCK, &hold, &old);
	fd = mkstemp(path);
	e = errno;
	if (fd >= 0 && unlink(path) != 0) {
		e = errno;
		close(fd);
		fd = -1;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	free(path);
	if (fd < 0) {
		errno = e;
		return TXF_EIO;
	}
	(void)fcntl(fd, F_SETFD, FD_CLOEXEC);
	return fd;
}

int
txf_write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t k = write(fd, p, n);
		if (k < 0) {
			if (errno == EINTR)
				continue;
			return TXF_EIO;
		}
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

ssize_t
txf_read_some(int fd, char *p, size_t n)
{
	ssize_t k;

	do
		k = read(fd, p, n);
	while (k < 0 && errno == EINTR);
	return k < 0 ? TXF_EIO : k;
}

