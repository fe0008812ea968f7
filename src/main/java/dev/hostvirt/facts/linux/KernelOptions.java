package dev.hostvirt.facts.linux;

import java.util.List;

/**
 * The kernel options Docker's contrib/check-config.sh checks, in its groups (moby/moby
 * contrib/check-config.sh, 2026-06), split by what breaks without them: the core that every
 * container needs, the options Docker's and Podman's default bridge network needs, and the rest.
 */
final class KernelOptions {
    private KernelOptions() {
    }

    /** Without these no container starts. */
    static final List<String> CORE = List.of("NAMESPACES", "NET_NS", "PID_NS", "IPC_NS", "UTS_NS", "CGROUPS",
            "CGROUP_CPUACCT", "CGROUP_DEVICE", "CGROUP_FREEZER", "CGROUP_SCHED", "CPUSETS", "MEMCG", "KEYS",
            "POSIX_MQUEUE");

    /** Only the default bridge network (and NAT to it) needs these; --network none/host work without. */
    static final List<String> BRIDGE_NETWORK = List.of("VETH", "BRIDGE", "BRIDGE_NETFILTER", "IP_NF_FILTER",
            "IP_NF_MANGLE", "IP_NF_TARGET_MASQUERADE", "IP6_NF_FILTER", "IP6_NF_MANGLE", "IP6_NF_TARGET_MASQUERADE",
            "NETFILTER_XT_MATCH_ADDRTYPE", "NETFILTER_XT_MATCH_CONNTRACK", "NETFILTER_XT_MARK", "IP_NF_RAW",
            "IP_NF_NAT", "NF_NAT", "IP6_NF_RAW", "IP6_NF_NAT");

    /** check-config lists IPVS as necessary, but only swarm's service load balancing uses it. */
    static final List<String> OPTIONAL = List.of("USER_NS", "CGROUP_PIDS", "BLK_CGROUP", "BLK_DEV_THROTTLING",
            "CGROUP_PERF", "CGROUP_HUGETLB", "NET_CLS_CGROUP", "CGROUP_NET_PRIO", "CFS_BANDWIDTH", "FAIR_GROUP_SCHED",
            "NETFILTER_XT_MATCH_IPVS", "IP_NF_TARGET_REDIRECT", "IP_SCTP", "IP_VS", "IP_VS_NFCT", "IP_VS_PROTO_TCP",
            "IP_VS_PROTO_UDP", "IP_VS_RR", "SECURITY_SELINUX", "SECURITY_APPARMOR", "NFT_CT", "NFT_FIB_IPV4",
            "NFT_FIB_IPV6", "NFT_FIB", "NFT_MASQ", "NFT_NAT", "NF_TABLES", "EXT4_FS", "EXT4_FS_POSIX_ACL",
            "EXT4_FS_SECURITY", "VXLAN", "BRIDGE_VLAN_FILTERING", "IPVLAN", "MACVLAN", "DUMMY", "NF_NAT_FTP",
            "NF_CONNTRACK_FTP", "NF_NAT_TFTP", "NF_CONNTRACK_TFTP", "CRYPTO", "CRYPTO_AEAD", "CRYPTO_GCM",
            "CRYPTO_SEQIV", "CRYPTO_GHASH", "XFRM", "XFRM_USER", "XFRM_ALGO", "INET_ESP", "NETFILTER_XT_MATCH_BPF");

    /** lxc-checkconfig's networking and lxcfs extras beyond the core. */
    static final List<String> LXC = List.of("VETH", "MACVLAN", "VLAN_8021Q", "BRIDGE", "NETFILTER_ADVANCED",
            "IP_NF_TARGET_MASQUERADE", "IP6_NF_TARGET_MASQUERADE", "NETFILTER_XT_TARGET_CHECKSUM",
            "NETFILTER_XT_MATCH_COMMENT", "FUSE_FS");

    static final List<String> SECCOMP = List.of("SECCOMP", "SECCOMP_FILTER");

    /** Options that came and went with kernel versions (check-config's version gates). */
    static List<String> versionGated(int major, int minor) {
        List<String> extra = new java.util.ArrayList<>();
        int v = major * 1000 + minor;
        if (v >= 4015) {
            extra.add("CGROUP_BPF");
        }
        if (v < 4008) {
            extra.add("DEVPTS_MULTIPLE_INSTANCES");
        }
        if (v <= 5001) {
            extra.add("NF_NAT_IPV4");
        }
        if (v <= 5002) {
            extra.add("NF_NAT_NEEDED");
        }
        return extra;
    }
}
