/* kernel/host/klib_rename.h: forced into every host build of the kernel's cores, so that the
 * kernel's memcpy and friends are tested under their own names instead of replacing the C
 * library's (which AddressSanitizer intercepts). */
#define memcpy kern_memcpy
#define memmove kern_memmove
#define memset kern_memset
#define memcmp kern_memcmp
#define strlen kern_strlen
#define strnlen kern_strnlen
#define strcmp kern_strcmp
#define strncmp kern_strncmp
#define strstr kern_strstr
