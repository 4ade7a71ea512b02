/*
 * replay_main.c: runs a libFuzzer harness over files without libFuzzer,
 * so any compiler can replay the seed corpus and past findings in CI:
 *   fuzz_X_replay FILE_OR_DIR...
 * A finding aborts (the harness's own checks, or a sanitizer).
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	long n;
	uint8_t *buf;
	if (!f)
		return -1;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc(n > 0 ? (size_t)n : 1);
	if (!buf || (n > 0 && fread(buf, 1, (size_t)n, f) != (size_t)n)) {
		free(buf);
		fclose(f);
		return -1;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(buf, (size_t)n);
	free(buf);
	return 0;
}

/* Replays path, or every regular file in it; returns the count. */
static long replay(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	long count = 0;
	if (stat(path, &st) != 0)
		return 0; /* an absent directory has nothing to replay */
	if (!S_ISDIR(st.st_mode))
		return replay_file(path) == 0;
	d = opendir(path);
	while (d && (e = readdir(d)) != NULL) {
		char full[4096];
		if (e->d_name[0] == '.')
			continue;
		snprintf(full, sizeof(full), "%s/%s", path, e->d_name);
		if (stat(full, &st) == 0 && S_ISREG(st.st_mode) &&
		    replay_file(full) == 0)
			count++;
	}
	if (d)
		closedir(d);
	return count;
}

int main(int argc, char **argv)
{
	long total = 0;
	int i;
	for (i = 1; i < argc; i++)
		total += replay(argv[i]);
	printf("replayed %ld inputs, no finding\n", total);
	return total > 0 ? 0 : 1;
}
