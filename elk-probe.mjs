import ELK from 'elkjs/lib/elk.bundled.js';
const elk = new ELK();
function rnd(seed){return ()=>{seed=(seed*1103515245+12345)&0x7fffffff;return seed/0x7fffffff;}}
const shape = process.argv[2];
const r=rnd(42);
const n=200, m=1000;
const nodes=[...Array(n)].map((_,i)=>({id:'n'+i,width:160,height:36}));
const set=new Set(); const edges=[];
const tier = (i)=> Math.floor(i/50); // 4 tiers of 50
while(edges.length<m){let a=Math.floor(r()*n),b=Math.floor(r()*n);
  if (shape==='tiered') { if (tier(b) <= tier(a)) { if (tier(a)===tier(b) && a<b && r()<0.1) {} else continue; } }
  else if(a>=b) continue;
  const k=a+'-'+b; if(set.has(k))continue; set.add(k); edges.push({id:'e'+edges.length,sources:['n'+a],targets:['n'+b]});}
const base={'elk.algorithm':'layered','elk.direction':'RIGHT'};

const S={'elk.layered.thoroughness':'1','elk.edgeRouting':'POLYLINE','elk.layered.nodePlacement.strategy':'SIMPLE'};
const configs=[S,
 {...S,'elk.layered.crossingMinimization.strategy':'MEDIAN_LAYER_SWEEP'},
 {...S,'elk.layered.crossingMinimization.greedySwitch.type':'OFF'},
 {...S,'elk.layered.crossingMinimization.strategy':'NONE'},
 {...S,'elk.layered.mergeEdges':'true'},
 {...S,'elk.layered.layering.strategy':'LONGEST_PATH'},
 {...S,'elk.layered.layering.strategy':'COFFMAN_GRAHAM'},
 {...S,'elk.layered.nodePlacement.strategy':'BRANDES_KOEPF'},
 {...S,'elk.layered.nodePlacement.strategy':'LINEAR_SEGMENTS'},
];
const run=async(extra)=>{const t=performance.now();
 const g=await elk.layout({id:'root',layoutOptions:{...base,...extra},children:nodes.map(x=>({...x})),edges:edges.map(e=>({...e}))});
 return [Math.round(performance.now()-t), Math.round(g.width), Math.round(g.height)];}
await run(S); await run(S);
for (const extra of configs) { const a=await run(extra); console.log(shape, JSON.stringify(extra).slice(90), a.join(' ')); }
