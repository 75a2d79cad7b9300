/* compiler/host/config.h: the config.h tcc's sources include, for Ferrite's builds of tcc.
 * Every setting is passed with -D by compiler/build.mk, so this file only has to exist. */
