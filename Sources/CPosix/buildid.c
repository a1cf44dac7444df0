#define _GNU_SOURCE
#include "CPosix.h"
#include <string.h>
#if defined(__linux__)
#include <elf.h>
#include <link.h>

struct stet_build_id_search {
    unsigned char *out;
    int capacity;
    int length;
};

/* The first object dl_iterate_phdr reports is the program itself. */
static int stet_build_id_callback(struct dl_phdr_info *info, size_t size, void *data) {
    (void)size;
    struct stet_build_id_search *search = data;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *header = &info->dlpi_phdr[i];
        if (header->p_type != PT_NOTE) continue;
        const unsigned char *note = (const unsigned char *)(info->dlpi_addr + header->p_vaddr);
        const unsigned char *end = note + header->p_memsz;
        while (note + sizeof(ElfW(Nhdr)) <= end) {
            const ElfW(Nhdr) *entry = (const ElfW(Nhdr) *)note;
            const unsigned char *name = note + sizeof(ElfW(Nhdr));
            const unsigned char *desc = name + ((entry->n_namesz + 3) & ~3u);
            if (desc + entry->n_descsz > end) break;
            if (entry->n_type == NT_GNU_BUILD_ID && entry->n_namesz == 4 && memcmp(name, "GNU", 4) == 0) {
                if ((int)entry->n_descsz <= search->capacity) {
                    memcpy(search->out, desc, entry->n_descsz);
                    search->length = (int)entry->n_descsz;
                }
                return 1;
            }
            note = desc + ((entry->n_descsz + 3) & ~3u);
        }
    }
    return 1;
}

int stet_build_id(unsigned char *out, int capacity) {
    struct stet_build_id_search search = {out, capacity, 0};
    dl_iterate_phdr(stet_build_id_callback, &search);
    return search.length;
}
#else
int stet_build_id(unsigned char *out, int capacity) {
    (void)out;
    (void)capacity;
    return 0;
}
#endif
