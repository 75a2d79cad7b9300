/* kernel/core/reboot.c: the reboot system call: init, once it has stopped the services, turns
 * the machine off or restarts it. Needs FERRITE_CAP_POWER. */
#include "klib.h"
#include "errno.h"
#include "proc.h"
#include "syscall.h"
#include "../arch/x86_64/arch.h"

long sys_reboot(int how)
{
	int err = cap_require(FERRITE_CAP_POWER);
	if (how != FERRITE_REBOOT_POWEROFF && how != FERRITE_REBOOT_RESTART)
		return -EINVAL;
	if (err)
		return err;
	kprintf("reboot: %s, asked by pid %d\n", how == FERRITE_REBOOT_POWEROFF ? "power off" :
		"restart", proc_current()->pid);
	if (how == FERRITE_REBOOT_RESTART)
		power_reset();
	power_off(0);
	return 0;
}
