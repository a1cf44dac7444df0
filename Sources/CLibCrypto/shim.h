#include <openssl/evp.h>
#include <openssl/err.h>
#include <openssl/bn.h>
#include <openssl/rsa.h>
#include <openssl/ec.h>
#include <openssl/core_names.h>
#include <openssl/param_build.h>
#include <openssl/ecdsa.h>
#include <openssl/crypto.h>
#include <openssl/opensslv.h>

/* EVP_PKEY_PUBLIC_KEY is a macro expression Swift does not import. */
static inline int stet_evp_pkey_public_key_selection(void) { return EVP_PKEY_PUBLIC_KEY; }

/* OSSL_PARAM_BLD keeps the key pointer it is given, so keys must be static C strings, never Swift temporaries. */
static inline const char *stet_param_group(void) { return OSSL_PKEY_PARAM_GROUP_NAME; }
static inline const char *stet_param_pub(void) { return OSSL_PKEY_PARAM_PUB_KEY; }
static inline const char *stet_param_rsa_n(void) { return OSSL_PKEY_PARAM_RSA_N; }
static inline const char *stet_param_rsa_e(void) { return OSSL_PKEY_PARAM_RSA_E; }
static inline const char *stet_curve_p256(void) { return "prime256v1"; }
