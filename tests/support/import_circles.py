#!/usr/bin/env python3
"""Import circles between the files of each crate: a file that names another (`crate::x`,
`super::x`), directly or through others, and is named back. Prints each circle; exits 1 when
there is any. Run by .ci/run; tests and comments are left out."""
import re,os,glob,sys
def crate_files(root):
    src=os.path.join(root,'src')
    files={}
    for p in glob.glob(src+'/**/*.rs',recursive=True):
        rel=os.path.relpath(p,src)[:-3]
        parts=rel.split('/')
        if parts[-1] in ('lib','main','mod'): parts=parts[:-1]
        files[tuple(parts)]=p
    return files
def resolve(mod, files):
    # longest prefix that is a file module
    for k in range(len(mod),-1,-1):
        if tuple(mod[:k]) in files: return tuple(mod[:k])
    return None
def deps(files):
    g={m:set() for m in files}
    for m,p in files.items():
        text=open(p).read()
        # strip cfg(test) modules crudely: cut from '#[cfg(test)]' to end
        if '#[cfg(test)]' in text: text=text[:text.index('#[cfg(test)]')]
        text='\n'.join(l for l in text.split('\n') if not l.strip().startswith('//'))
        for path in re.findall(r'\b((?:crate|super|self)(?:::[A-Za-z_][A-Za-z0-9_]*)+)',text):
            segs=path.split('::')
            if segs[0]=='crate': base=[]
            elif segs[0]=='self':
                base=list(m) if os.path.basename(p) in ('mod.rs','lib.rs','main.rs') else list(m)
            else:
                base=list(m) if os.path.basename(p) in ('mod.rs',) else list(m[:-1])
                segs2=segs[1:]
                while segs2 and segs2[0]=='super':
                    base=base[:-1]; segs2=segs2[1:]
                segs=['super']+segs2
            tgt=resolve(base+segs[1:], files)
            if tgt is not None and tgt!=m and tgt!=tuple(m[:len(tgt)]):
                g[m].add(tgt)
    return g
def sccs(g):
    idx={};low={};st=[];on=set();res=[];c=[0]
    sys.setrecursionlimit(10000)
    def sc(v):
        idx[v]=low[v]=c[0];c[0]+=1;st.append(v);on.add(v)
        for w in g[v]:
            if w not in idx: sc(w);low[v]=min(low[v],low[w])
            elif w in on: low[v]=min(low[v],idx[w])
        if low[v]==idx[v]:
            comp=[]
            while True:
                w=st.pop();on.discard(w);comp.append(w)
                if w==v: break
            if len(comp)>1: res.append(comp)
    for v in g:
        if v not in idx: sc(v)
    return res
total=0
for root in sorted(glob.glob('crates/*'))+['.']:
    if not os.path.isdir(os.path.join(root,'src')): continue
    files=crate_files(root)
    for comp in sccs(deps(files)):
        total+=1
        print(root, ' <-> '.join('/'.join(c) or 'lib' for c in comp))
print(f'import circles: {total}')
sys.exit(1 if total else 0)
